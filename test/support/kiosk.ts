/**
 * A whole kiosk for integration tests, built as the app builds it: the config loaded by
 * `loadConfig` (no `KIOSK_*` from the machine's environment leaks in: `env` is empty), then
 * `createKiosk` with a memory logger whose lines the test can read. The caller stops it.
 */
import { loadConfig } from '../../kiosk-config/loader';
import type { KioskConfig, KioskConfigInput } from '../../kiosk-config/schema';
import { createKiosk, type Kiosk, type KioskOptions } from '../../main/kiosk';
import { createMemoryLogger } from '../../main/log';

export type MemoryLogger = ReturnType<typeof createMemoryLogger>;

export interface TestKioskOptions {
  /** A site config file (the layer under the overrides); the kiosk is told of it too (maintenance saves there). */
  configFile?: string | undefined;
  /** Defaults to a memory logger at `debug`. */
  log?: MemoryLogger | undefined;
  /** createKiosk's tests-only hook on the parts before they start (main/kiosk.ts). */
  parts?: KioskOptions['parts'];
}

export interface TestKiosk {
  kiosk: Kiosk;
  log: MemoryLogger;
  /** The config the kiosk was built from (defaults and profile applied). */
  config: KioskConfig;
}

/** Builds a kiosk from `overrides` (the top config layer); a config that does not load throws with its errors. */
export async function startTestKiosk(overrides: KioskConfigInput, options: TestKioskOptions = {}): Promise<TestKiosk> {
  const { configFile } = options;
  const loaded = loadConfig({ env: {}, ...(configFile ? { file: configFile } : {}), overrides });
  if (!loaded.ok) throw new Error(`the test kiosk's config does not load: ${JSON.stringify(loaded.errors)}`);
  const log = options.log ?? createMemoryLogger('debug');
  const kiosk = await createKiosk(loaded.config, { log, ...(configFile ? { configFile } : {}), ...(options.parts ? { parts: options.parts } : {}) });
  return { kiosk, log, config: loaded.config };
}

/** The backend at `url` with a short timeout and no retries, as the tests that cut links want it. */
export function testBackend(url: string, token: string): NonNullable<KioskConfigInput['backend']> {
  return { url, token, timeoutMs: 1500, retries: 0 };
}

/** The simulated printer with a code-page profile (so the simulator decodes the text) and short waits. */
export const TEXT_PRINTER = { kind: 'simulator', profile: 'epson-80', pollIntervalMs: 200, printWaitMs: 2000 } as const;
