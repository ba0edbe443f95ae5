/**
 * Maintenance needs its records most when the kiosk's database is broken (the kiosk is then out of
 * service and a technician must get in): with a garbage kiosk.db the lockout and used tokens live
 * in memory, and once the file is repaired they are written to it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../main/log';
import { createMaintenanceStore, openMaintenanceStore } from '../../main/services/maintenance/store';

const dir = mkdtempSync(join(tmpdir(), 'maint-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the maintenance store with a broken database', () => {
  it('keeps the lockout and tokens in memory, then writes them when the database opens', () => {
    writeFileSync(join(dir, 'kiosk.db'), 'this is not a database at all, just garbage bytes'.repeat(100));
    let t = 1_000_000;
    const log = createMemoryLogger();
    const store = openMaintenanceStore(dir, log, { reopenEveryMs: 5_000, now: () => t });
    store.setLockout({ failures: 5, lockedUntil: t + 300_000 });
    expect(store.lockout()).toEqual({ failures: 5, lockedUntil: t + 300_000 });
    expect(store.useToken('abc', 'KTV-1', t)).toBe(true);
    expect(store.useToken('abc', 'KTV-1', t)).toBe(false);
    store.audit('KTV-1', 'enter', '', t);
    expect(log.lines.join('\n')).toMatch(/kept in memory until it opens/);
    // Repaired: the next try (after reopenEveryMs) opens it and writes what memory held.
    rmSync(join(dir, 'kiosk.db'));
    t += 5_001;
    expect(store.lockout()).toEqual({ failures: 5, lockedUntil: 1_000_000 + 300_000 });
    store.close();
    const direct = createMaintenanceStore(dir);
    try {
      expect(direct.lockout()).toEqual({ failures: 5, lockedUntil: 1_000_000 + 300_000 });
      expect(direct.useToken('abc', 'KTV-1', t)).toBe(false);
      expect(direct.auditList().map((a) => a.action)).toContain('enter');
    } finally {
      direct.close();
    }
  });
});
