/**
 * Maintenance mode's main side on real parts: scrypt PINs, Ed25519 technician tokens, the
 * lockout and used tokens in a real SQLite file (across a reopen), the atomic config save with
 * validation, an encrypted token and the audit log, the 401 of a bad backend token in
 * `kiosk.status`, and the log files (pino + pino-roll) free of 12-digit ID numbers.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../kiosk-config/loader';
import { createKiosk, type Kiosk } from '../../main/kiosk';
import type { ResponseOf } from '../../main/ipc/contract';
import { createMemoryLogger } from '../../main/log';
import { createFileLogger, readLogs, teeLoggers } from '../../main/log-file';
import { hashPin, verifyPin } from '../../main/services/maintenance/pin';
import { checkToken, generateTechnicianKeys, signToken } from '../../main/services/maintenance/token';
import { createKeyFileBox, isEncrypted } from '../../main/services/maintenance/secrets';
import { seedDossierCodes, startSandbox } from '../../sandbox/server';
import { DEMO_CARD } from '../support/identity';
import { startTestKiosk } from '../support/kiosk';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-maint-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const PIN = '482915';
const PIN_HASH = hashPin(PIN);
const KEYS = generateTechnicianKeys();
const OTHER = generateTechnicianKeys();

async function kioskWith(dataDir: string, extra: Record<string, unknown> = {}, configFile?: string): Promise<{ kiosk: Kiosk; lines: string[] }> {
  const overrides = { dataDir, kioskId: 'KIOSK-T1', maintenance: { pinHash: PIN_HASH, technicianKeys: [KEYS.publicKey] }, ...extra } as never;
  const { kiosk, log } = await startTestKiosk(overrides, { configFile });
  return { kiosk, lines: log.lines };
}

describe('PIN and tokens', () => {
  it('verifies a scrypt PIN and refuses a wrong one or a broken hash', () => {
    expect(PIN_HASH).toMatch(/^scrypt\$/);
    expect(PIN_HASH).not.toContain(PIN);
    expect(verifyPin(PIN, PIN_HASH)).toBe(true);
    expect(verifyPin('482916', PIN_HASH)).toBe(false);
    expect(verifyPin(PIN, 'scrypt$1$1$1$x$y')).toBe(false);
  });

  it('checks a token: valid, expired, not yet valid, another kiosk, forged', () => {
    const now = Date.UTC(2026, 0, 10, 8);
    const s = now / 1000;
    const opts = { publicKeys: [KEYS.publicKey], kioskId: 'KIOSK-T1', nowMs: now };
    const ok = signToken({ k: 'KIOSK-T1', t: 'KTV-007', nbf: s - 60, exp: s + 3600 }, KEYS.privateKeyPem);
    expect(ok).toMatch(/^KTV1:[A-Za-z0-9_-]+$/);
    expect(checkToken(ok, opts)).toMatchObject({ ok: true, claims: { t: 'KTV-007' } });
    expect(checkToken(signToken({ k: '*', t: 'KTV-007', nbf: s - 60, exp: s + 60 }, KEYS.privateKeyPem), opts).ok).toBe(true);
    expect(checkToken(signToken({ k: 'KIOSK-T1', t: 'a', nbf: s - 7200, exp: s - 1 }, KEYS.privateKeyPem), opts)).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    expect(checkToken(signToken({ k: 'KIOSK-T1', t: 'a', nbf: s + 60, exp: s + 600 }, KEYS.privateKeyPem), opts)).toMatchObject({
      ok: false,
      reason: 'not-yet-valid',
    });
    expect(checkToken(signToken({ k: 'KIOSK-T2', t: 'a', nbf: s - 60, exp: s + 600 }, KEYS.privateKeyPem), opts)).toMatchObject({
      ok: false,
      reason: 'wrong-kiosk',
    });
    expect(checkToken(signToken({ k: 'KIOSK-T1', t: 'a', nbf: s - 60, exp: s + 600 }, OTHER.privateKeyPem), opts)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    // One claim changed after signing (the kiosk id) fails the signature.
    const raw = Buffer.from(ok.slice(5), 'base64url');
    const tampered = Buffer.from(raw.toString('latin1').replace('KIOSK-T1', 'KIOSK-T9'), 'latin1');
    expect(checkToken(`KTV1:${tampered.toString('base64url')}`, opts)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(checkToken('KTV1:abcdefghijkl', opts)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('maintenance service on a real kiosk', () => {
  it('locks PIN entry after five wrong PINs, also after a restart, and audits it', async () => {
    const dataDir = tmp();
    let { kiosk } = await kioskWith(dataDir);
    try {
      for (let i = 1; i <= 4; i++) {
        expect(await kiosk.router.handle('maintenance.pin', { pin: '000000' })).toMatchObject({
          ok: true,
          value: { entered: false, reason: 'wrong', attemptsLeft: 5 - i },
        });
      }
      expect(await kiosk.router.handle('maintenance.pin', { pin: '000000' })).toMatchObject({ ok: true, value: { entered: false, reason: 'locked' } });
      // Locked: even the right PIN is refused.
      expect(await kiosk.router.handle('maintenance.pin', { pin: PIN })).toMatchObject({ ok: true, value: { entered: false, reason: 'locked' } });
    } finally {
      await kiosk.stop();
    }
    ({ kiosk } = await kioskWith(dataDir));
    try {
      expect(await kiosk.router.handle('maintenance.pin', { pin: PIN })).toMatchObject({ ok: true, value: { entered: false, reason: 'locked' } });
      expect(kiosk.maintenance.active).toBeNull();
      expect(await kiosk.router.handle('maintenance.diagnostics', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      await kiosk.stop();
    }
  });

  it('enters with a token once (replay refused), shows diagnostics, test-prints, audits and leaves', async () => {
    const dataDir = tmp();
    const { kiosk, lines } = await kioskWith(dataDir);
    try {
      const s = Math.floor(Date.now() / 1000);
      const token = signToken({ k: 'KIOSK-T1', t: 'KTV-042', nbf: s - 60, exp: s + 600 }, KEYS.privateKeyPem);
      const uiScans: unknown[] = [];
      kiosk.events.on('scan', (p) => uiScans.push(p));
      kiosk.session.start();
      kiosk.devices.scanner.simulate(token);
      expect(kiosk.maintenance.active).toMatchObject({ technician: 'KTV-042', via: 'token' });
      expect(kiosk.session.current).toBeNull(); // the resident's session ended on entry
      expect(uiScans).toEqual([]); // the token never reached the UI
      const diag = await kiosk.router.handle('maintenance.diagnostics', { refreshBackend: true });
      if (!diag.ok) throw new Error(JSON.stringify(diag));
      const dv = diag.value as ResponseOf<'maintenance.diagnostics'>;
      const ids = dv.devices.map((d) => d.id);
      expect(ids).toEqual(['scanner', 'printer', 'cardReader', 'camera', 'backend', 'outbox', 'disk', 'clock']);
      expect(dv.backend).toMatchObject({ state: 'ok' });
      expect(typeof dv.backend.rttMs).toBe('number');
      const before = kiosk.devices.printer.simulator!.jobs.length;
      expect(await kiosk.router.handle('maintenance.print', {})).toMatchObject({ ok: true, value: { state: 'printed' } });
      expect(kiosk.devices.printer.simulator!.jobs.length).toBe(before + 1);
      expect(await kiosk.router.handle('maintenance.leave', {})).toMatchObject({ ok: true, value: { left: true } });
      // The same token again: replayed.
      const refused: unknown[] = [];
      kiosk.events.on('maintenance.refused', (p) => refused.push(p));
      kiosk.devices.scanner.simulate(token);
      expect(kiosk.maintenance.active).toBeNull();
      expect(refused).toEqual([{ reason: 'replayed' }]);
      expect(lines.join('\n')).not.toContain(token.slice(5, 40));
      const pin = await kiosk.router.handle('maintenance.pin', { pin: PIN });
      expect(pin).toMatchObject({ ok: true, value: { entered: true } });
      const audit = await kiosk.router.handle('audit.list', {});
      if (!audit.ok) throw new Error('audit');
      const actions = (audit.value as ResponseOf<'audit.list'>).entries.map((e) => `${e.technician}:${e.action}`);
      expect(actions).toEqual(expect.arrayContaining(['KTV-042:enter', 'KTV-042:test.print', 'KTV-042:leave', 'KTV-042:token.refused', 'PIN:enter']));
    } finally {
      await kiosk.stop();
    }
  });

  it('saves a config change atomically (backup kept, token encrypted, audit without secrets) and refuses an invalid one', async () => {
    const dataDir = tmp();
    const file = join(tmp(), 'site.json');
    writeFileSync(file, JSON.stringify({ siteName: 'UBND phường Bến Nghé', ui: { idleTimeoutSeconds: 90 } }));
    const { kiosk } = await kioskWith(dataDir, {}, file);
    try {
      expect((await kiosk.router.handle('maintenance.pin', { pin: PIN })).ok).toBe(true);
      const bad = await kiosk.router.handle('siteconfig.save', { changes: { 'ui.idleTimeoutSeconds': '5' } });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_config' } });
      expect(!bad.ok && bad.error.message).toContain('ui.idleTimeoutSeconds');
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ siteName: 'UBND phường Bến Nghé', ui: { idleTimeoutSeconds: 90 } });
      const secret = 'new-secret-token-0123456789';
      const ok = await kiosk.router.handle('siteconfig.save', { changes: { 'ui.idleTimeoutSeconds': '120', 'backend.token': secret } });
      expect(ok).toMatchObject({ ok: true, value: { changed: ['ui.idleTimeoutSeconds', 'backend.token'], restartNeeded: ['backend.token'] } });
      const saved = JSON.parse(readFileSync(file, 'utf8'));
      expect(saved.ui.idleTimeoutSeconds).toBe(120);
      expect(saved.siteName).toBe('UBND phường Bến Nghé');
      expect(isEncrypted(saved.backend.token)).toBe(true);
      expect(readFileSync(file, 'utf8')).not.toContain(secret);
      expect(createKeyFileBox(dataDir).decrypt(saved.backend.token)).toBe(secret);
      expect(statSync(join(dataDir, 'config.key')).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(`${file}.bak`, 'utf8'))).toEqual({ siteName: 'UBND phường Bến Nghé', ui: { idleTimeoutSeconds: 90 } });
      // Applied at once: app.info has the new idle timeout.
      expect(await kiosk.router.handle('app.info', {})).toMatchObject({ ok: true, value: { idleTimeoutSeconds: 120 } });
      const view = await kiosk.router.handle('siteconfig.get', {});
      expect(JSON.stringify(view)).not.toContain(secret);
      expect(view).toMatchObject({ ok: true, value: { secretsSet: { 'backend.token': true } } });
      const audit = await kiosk.router.handle('audit.list', {});
      expect(JSON.stringify(audit)).not.toContain(secret);
      expect(audit.ok && (audit.value as ResponseOf<'audit.list'>).entries.find((e) => e.action === 'config.save')?.detail).toBe(
        'ui.idleTimeoutSeconds, backend.token',
      );
      // The encrypted file loads and main decrypts the token.
      const reloaded = loadConfig({ file, env: {} });
      expect(reloaded.ok).toBe(true);
    } finally {
      await kiosk.stop();
    }
  });

  it('shows a bad backend token (401) in kiosk.status', async () => {
    const sb = await startSandbox({ tokens: ['the-right-token-123'], log: () => {} });
    const { kiosk } = await kioskWith(tmp(), { backend: { url: sb.url, token: 'a-wrong-token-456', retries: 0 } });
    try {
      await kiosk.maintenance.checkBackend();
      expect(await kiosk.router.handle('kiosk.status', {})).toMatchObject({ ok: true, value: { backend: { state: 'unauthorized' } } });
    } finally {
      await kiosk.stop();
      await sb.close();
    }
  });

  it('writes log files with pino (rotated by pino-roll) and no 12-digit ID after a CCCD scan and a lookup', async () => {
    const dataDir = tmp();
    const logDir = join(dataDir, 'logs');
    const fileLog = await createFileLogger({ dir: logDir, level: 'debug' });
    const mem = createMemoryLogger('debug');
    const loaded = loadConfig({ env: {}, overrides: { dataDir } as never });
    if (!loaded.ok) throw new Error('config');
    const kiosk = await createKiosk(loaded.config, { log: teeLoggers(mem, fileLog) });
    try {
      kiosk.session.start();
      await kiosk.router.handle('identity.consent', { accepted: true });
      kiosk.devices.scanner.simulate(DEMO_CARD.qrText);
      const id = DEMO_CARD.qrText.split('|')[0]!;
      expect(id).toMatch(/^\d{12}$/);
      await kiosk.router.handle('dossier.lookup', { code: '000.00.12.H56-250101-0001' });
      // Something personal sent by the page too (the mask is the net under the no-personal-data rule).
      await kiosk.router.handle('ui.log', { level: 'warn', message: `typed ${id} by mistake` });
      await fileLog.flush();
      const files = readdirSync(logDir).filter((n) => n.endsWith('.log'));
      expect(files.length).toBeGreaterThan(0);
      expect(files[0]).toMatch(/^kiosk\.\d{4}-\d{2}-\d{2}\.\d+\.log$/);
      const all = files.map((f) => readFileSync(join(logDir, f), 'utf8')).join('');
      expect(all.length).toBeGreaterThan(0);
      expect(all).not.toMatch(/\d{12}/);
      expect(all).toContain(`${id.slice(0, 4)}******${id.slice(-2)}`);
      // Structured: one JSON object per line; the viewer filters by level and text.
      const warn = readLogs(logDir, { level: 'warn', text: 'typed' });
      expect(warn).toHaveLength(1);
      expect(warn[0]).toMatchObject({ level: 'warn', area: 'ui' });
      expect(readLogs(logDir, { level: 'error', text: 'typed' })).toHaveLength(0);
    } finally {
      await kiosk.stop();
      await fileLog.close();
    }
    expect(existsSync(logDir)).toBe(true);
  });
});

describe('restarting the application (the shell restarts it: main/start.ts)', () => {
  it('only from maintenance mode, audited, once the answer is out; "not available" where the shell cannot', async () => {
    const dataDir = tmp();
    const loaded = loadConfig({
      env: {},
      overrides: { dataDir, kioskId: 'KIOSK-T1', maintenance: { pinHash: PIN_HASH, technicianKeys: [KEYS.publicKey] } } as never,
    });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    let restarts = 0;
    const kiosk = await createKiosk(loaded.config, { log: createMemoryLogger('debug'), onRestart: () => void restarts++ });
    try {
      // A resident cannot restart it.
      expect(await kiosk.router.handle('maintenance.restart', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await kiosk.router.handle('maintenance.pin', { pin: PIN })).toMatchObject({ ok: true, value: { entered: true } });
      expect(await kiosk.router.handle('maintenance.restart', {})).toEqual({ ok: true, value: { restarting: true } });
      // The page gets its answer first; the shell is told a moment later.
      expect(restarts).toBe(0);
      await expect.poll(() => restarts).toBe(1);
      const audit = await kiosk.router.handle('audit.list', {});
      expect(audit.ok && (audit.value as ResponseOf<'audit.list'>).entries.map((e) => e.action)).toContain('restart');
    } finally {
      await kiosk.stop();
    }
    // A kiosk started without a way to restart (a test harness) says so and does nothing.
    const { kiosk: plain } = await kioskWith(tmp());
    try {
      await plain.router.handle('maintenance.pin', { pin: PIN });
      expect(await plain.router.handle('maintenance.restart', {})).toEqual({ ok: true, value: { restarting: false, reason: 'not_available' } });
    } finally {
      await plain.stop();
    }
  });
});

describe('payments in the diagnostics', () => {
  it('lists a payment still open, for the technician to follow up', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'maint-pay-'));
    const { kiosk } = await kioskWith(dataDir);
    try {
      let code: string | undefined;
      for (const d of seedDossierCodes(new Date())) {
        const r = await kiosk.router.handle('dossier.lookup', { code: d.code });
        if (r.ok && 'feesDue' in (r.value as object) && (r.value as { feesDue: number }).feesDue > 0) {
          code = d.code;
          break;
        }
      }
      expect(code, 'a seed dossier with fees due').toBeDefined();
      const started = await kiosk.router.handle('payment.start', { dossierCode: code! });
      expect(started).toMatchObject({ ok: true, value: { state: 'pending' } });
      expect(await kiosk.router.handle('maintenance.pin', { pin: PIN })).toMatchObject({ ok: true, value: { entered: true } });
      const diag = await kiosk.router.handle('maintenance.diagnostics', { refreshBackend: false });
      if (!diag.ok) throw new Error(JSON.stringify(diag));
      const payments = (diag.value as ResponseOf<'maintenance.diagnostics'>).payments;
      expect(payments).toEqual([expect.objectContaining({ dossierCode: code, state: 'pending', unattended: false })]);
      expect(payments[0]!.amount).toBeGreaterThan(0);
    } finally {
      await kiosk.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
