/**
 * The backend most kiosk integration tests stand on: the reference sandbox over real HTTP behind a
 * link the test can cut (test/integration/outbox-link.ts), a temporary directory for the kiosk's
 * data, and the kiosks started on them (startTestKiosk, the link as the backend). `close()` undoes
 * it all, in this order: the kiosks, the link, the sandbox, the directory.
 *
 *   const fx = linkedSandbox({ token: TOKEN, prefix: 'kiosk-submit-' });
 *   beforeEach(async () => ({ sb, link, dir } = await fx.open()));
 *   afterEach(() => fx.close());
 *   ...
 *   const { kiosk } = await fx.startKiosk({ kioskId: 'KIOSK-01' });
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KioskConfigInput } from '../../kiosk-config/schema';
import type { Kiosk } from '../../main/kiosk';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';
import { startLink, type Link } from '../integration/outbox-link';
import { startTestKiosk, testBackend, type TestKiosk, type TestKioskOptions } from './kiosk';

/** The sandbox's settings a test may choose (its token and its quiet log are the fixture's). */
export type LinkedSandboxSettings = Omit<SandboxOptions, 'tokens' | 'log'>;

export interface LinkedSandbox {
  sb: Sandbox;
  link: Link;
  /** The temporary directory (the kiosk's dataDir unless a test says otherwise). */
  dir: string;
}

export interface LinkedSandboxFixture {
  /** Makes the directory, starts the sandbox and the link in front of it. */
  open(settings?: LinkedSandboxSettings): Promise<LinkedSandbox>;
  /** Makes only the directory: the test starts the backend itself later, with `startBackend`. */
  openDir(): string;
  /** Starts the sandbox (settings may use the directory, e.g. its dbFile) and the link. */
  startBackend(settings?: LinkedSandboxSettings): Promise<LinkedSandbox>;
  /**
   * A kiosk on the directory talking to the sandbox through the link (a short timeout, no
   * retries: testBackend); `overrides` go on top. Stopped by close() if the test has not.
   */
  startKiosk(overrides?: KioskConfigInput, options?: TestKioskOptions): Promise<TestKiosk>;
  /** Stops the kiosks started here, the link and the sandbox; removes the directory. Safe to call after a failed open. */
  close(): Promise<void>;
}

export function linkedSandbox(options: { token: string; prefix: string }): LinkedSandboxFixture {
  let dir: string | undefined;
  let sb: Sandbox | undefined;
  let link: Link | undefined;
  const kiosks: Kiosk[] = [];
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`the linked sandbox fixture has no ${what} yet`);
    return v;
  };
  const openDir = (): string => (dir = mkdtempSync(join(tmpdir(), options.prefix)));
  const startBackend = async (settings: LinkedSandboxSettings = {}): Promise<LinkedSandbox> => {
    sb = await startSandbox({ ...settings, tokens: [options.token], log: () => {} });
    link = await startLink({ targetPort: sb.port });
    return { sb, link, dir: need(dir, 'directory') };
  };
  return {
    openDir,
    startBackend,
    async open(settings) {
      openDir();
      return startBackend(settings);
    },
    async startKiosk(overrides = {}, kioskOptions = {}) {
      const started = await startTestKiosk(
        { dataDir: need(dir, 'directory'), backend: testBackend(need(link, 'link').url, options.token), ...overrides },
        kioskOptions,
      );
      kiosks.push(started.kiosk);
      return started;
    },
    async close() {
      for (const k of kiosks.splice(0).reverse()) await k.stop();
      await link?.close();
      await sb?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      link = undefined;
      sb = undefined;
      dir = undefined;
    },
  };
}
