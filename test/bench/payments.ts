/**
 * `npx tsx test/bench/payments.ts`: payment figures, printed, never asserted (issue 12).
 * Through createKiosk's router against the sandbox over real HTTP on 127.0.0.1, real SQLite:
 *
 * - `payment.start` to the QR view ready, for a new payment (p50, p95 over 30);
 * - `payment.start` again for a dossier whose payment is pending (the same QR code: one GET);
 * - from the bank's confirmation (the sandbox's simulate) to main's `payment.update` event: the
 *   polling delay a resident waits (the poll never runs faster than every 2 s), 5 samples;
 * - the payment receipt's ESC/POS bytes and render time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../kiosk-config/loader';
import { createKiosk } from '../../main/kiosk';
import { createMemoryLogger } from '../../main/log';
import { startSandbox } from '../../sandbox/server';
import { latencySummary } from './stats';
import { runAlone } from './alone';

const TOKEN = 'bench-payments-token';
const ADMIN = 'bench-payments-admin';

const fmt = (xs: number[]) => latencySummary(xs);

export async function paymentsBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-pay-'));
  const sb = await startSandbox({ tokens: [TOKEN], adminTokens: [ADMIN], log: () => {} });
  const loaded = loadConfig({ env: {}, overrides: { dataDir: dir, backend: { url: sb.url, token: TOKEN } } });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const kiosk = await createKiosk(loaded.config, { log: createMemoryLogger('warn') });
  const simulate = async (id: string, outcome: string) => {
    const res = await fetch(`${sb.url}/api/v1/payments/${id}/simulate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'X-Sandbox-Admin-Token': ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ outcome }),
    });
    if (res.status !== 200) throw new Error(`simulate answered ${res.status}`);
  };
  try {
    const codes: string[] = [];
    for (const d of sb.listDossiers()) {
      const r = await fetch(`${sb.url}/api/v1/dossiers/${d.code}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      if (((await r.json()) as { feesDue: number }).feesDue > 0) codes.push(d.code);
    }
    const start = async (code: string) => {
      const r = await kiosk.router.handle('payment.start', { dossierCode: code });
      if (!r.ok) throw new Error(`payment.start: ${r.error.code}`);
      return r.value as { paymentId: string; intentId: string };
    };

    const fresh: number[] = [];
    const again: number[] = [];
    for (let i = 0; i < 30; i++) {
      const code = codes[i % codes.length]!;
      const t0 = performance.now();
      const v = await start(code);
      fresh.push(performance.now() - t0);
      const t1 = performance.now();
      await start(code);
      again.push(performance.now() - t1);
      await simulate(v.paymentId, 'cancelled'); // the next round makes a new one
      await kiosk.payments.check(v.paymentId);
    }
    console.log(`payments: ${codes.length} seeded dossiers with fees, sandbox ${sb.url}`);
    console.log(`payment.start, new payment -> QR view      ${fmt(fresh)}`);
    console.log(`payment.start, pending one shown again     ${fmt(again)}`);

    const detect: number[] = [];
    for (let i = 0; i < 5; i++) {
      const v = await start(codes[i % codes.length]!);
      const seen = new Promise<number>((resolve) => {
        const off = kiosk.events.on('payment.update', (u) => {
          if (u.paymentId === v.paymentId && u.state === 'paid') {
            off();
            resolve(performance.now());
          }
        });
      });
      // the resident scans and pays some seconds after the QR appears
      await new Promise((r) => setTimeout(r, 3_000));
      const t0 = performance.now();
      await simulate(v.paymentId, 'paid');
      detect.push((await seen) - t0);
    }
    console.log(
      `bank confirmed -> kiosk knows (polling)     ${fmt(detect)}  poll ${loaded.config.payments.pollBaseMs}..${loaded.config.payments.pollCapMs} ms`,
    );

    const paid = kiosk.payments.list().find((p) => p.state === 'paid')!;
    const view = kiosk.payments.view(paid.intentId);
    const renders: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      bytes = kiosk.devices.printer.render('payment-receipt', view).bytes.length;
      renders.push(performance.now() - t0);
    }
    console.log(`payment receipt render (${kiosk.devices.printer.profile.id}, ${kiosk.devices.printer.mode})  ${bytes} bytes  ${fmt(renders)}`);
    console.log(`VietQR payload length                       ${view.vietqr?.length ?? 0} characters`);
  } finally {
    await kiosk.stop();
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runAlone(import.meta.url, paymentsBench);
