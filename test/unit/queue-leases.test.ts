/**
 * The kiosk's leased blocks (main/services/queue/leases.ts) on a real SQLite file with the
 * kiosk's migrations: numbers in order, a block only on its own day, the database refusing a
 * repeat, a block closed and reported once (with the request each offline ticket stands for); and the age rule of the elderly priority.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLeaseStore, type LeaseStore } from '../../main/services/queue/leases';
import { ageOn } from '../../main/services/queue/labels';
import { openKioskStore, type Store } from '../../main/store';

let dir: string;
let store: Store;
let leases: LeaseStore;
const lease = (id: string, day: string, first: number, last: number, serviceId = 'ho-tich') => ({
  id,
  serviceId,
  prefix: 'A',
  day,
  first,
  last,
  kioskId: 'K1',
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-leases-'));
  store = openKioskStore(dir);
  leases = createLeaseStore(store.db);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('leased blocks', () => {
  it('issues a block in order, then the next block, then nothing', () => {
    leases.add(lease('L1', '2026-03-14', 1, 2), 0);
    leases.add(lease('L2', '2026-03-14', 10, 11), 0);
    const got = [1, 2, 3, 4, 5].map(() => leases.take('ho-tich', '2026-03-14', '2026-03-14T09:00:00+07:00', null)?.number ?? null);
    expect(got).toEqual([1, 2, 10, 11, null]);
    expect(leases.remaining('ho-tich', '2026-03-14')).toBe(0);
  });

  it('never uses a block of another day', () => {
    leases.add(lease('OLD', '2026-03-13', 1, 20), 0);
    expect(leases.take('ho-tich', '2026-03-14', '2026-03-14T00:01:00+07:00', null)).toBeNull();
    expect(leases.remaining('ho-tich', '2026-03-14')).toBe(0);
    // it is due for closing (and reporting) on the new day, even with nothing issued
    expect(leases.due('2026-03-14', false).map((l) => l.id)).toEqual(['OLD']);
  });

  it('the database itself refuses the same number twice in a day', () => {
    leases.add(lease('L1', '2026-03-14', 1, 5), 0);
    leases.take('ho-tich', '2026-03-14', '2026-03-14T09:00:00+07:00', null);
    // a second block that overlaps the first (a backend bug) cannot issue A001 again
    leases.add(lease('L2', '2026-03-14', 1, 5, 'ho-tich'), 0);
    store.db.prepare(`UPDATE queue_leases SET state = 'closed' WHERE id = 'L1'`).run();
    expect(() => leases.take('ho-tich', '2026-03-14', '2026-03-14T09:01:00+07:00', null)).toThrow(/UNIQUE/);
    // and the failed take left the block as it was
    expect(leases.list().find((l) => l.id === 'L2')?.next).toBe(1);
  });

  it('closes and reports a block once, in one transaction with the report', () => {
    leases.add(lease('L1', '2026-03-14', 1, 5), 0);
    leases.take('ho-tich', '2026-03-14', '2026-03-14T09:00:00+07:00', 'elderly');
    leases.take('ho-tich', '2026-03-14', '2026-03-14T09:02:00+07:00', null, 'req-timed-out-1');
    expect(leases.due('2026-03-14', false)).toEqual([]);
    expect(leases.due('2026-03-14', true).map((l) => l.id)).toEqual(['L1']);
    const reports: unknown[] = [];
    expect(leases.closeAndReport('L1', 1, (r) => (reports.push(r), 'REF-1'))).toBe(true);
    expect(leases.closeAndReport('L1', 2, (r) => (reports.push(r), 'REF-2'))).toBe(false);
    expect(reports).toEqual([
      {
        issued: [
          { number: 1, issuedAt: '2026-03-14T09:00:00+07:00', priority: 'elderly' },
          // the request id of the online request that failed: the orphan it may have left
          { number: 2, issuedAt: '2026-03-14T09:02:00+07:00', priority: null, supersedes: 'req-timed-out-1' },
        ],
        closed: true,
      },
    ]);
    expect(leases.list()[0]).toMatchObject({ state: 'closed', reportRef: 'REF-1' });
    // a closed block never issues again
    expect(leases.take('ho-tich', '2026-03-14', '2026-03-14T09:03:00+07:00', null)).toBeNull();
  });

  it('a report that fails to queue leaves the block open (nothing half done)', () => {
    leases.add(lease('L1', '2026-03-14', 1, 5), 0);
    expect(() =>
      leases.closeAndReport('L1', 1, () => {
        throw new Error('storage full');
      }),
    ).toThrow(/storage full/);
    expect(leases.list()[0]).toMatchObject({ state: 'open', reportRef: null });
  });

  it('abandons open blocks, unreported, for a backend that forgot them', () => {
    leases.add(lease('L1', '2026-03-14', 1, 5), 0);
    leases.add(lease('L2', '2026-03-14', 6, 9, 'chung-thuc'), 0);
    leases.closeAndReport('L2', 1, () => 'R');
    expect(leases.abandonOpen(2)).toBe(1);
    expect(leases.list().map((l) => [l.id, l.state, l.reportRef])).toEqual([
      ['L2', 'closed', 'R'],
      ['L1', 'closed', 'abandoned'],
    ]);
    expect(leases.take('ho-tich', '2026-03-14', '2026-03-14T09:00:00+07:00', null)).toBeNull();
  });

  it('purges closed blocks of old days only', () => {
    leases.add(lease('OLD', '2026-03-01', 1, 5), 0);
    leases.add(lease('NEW', '2026-03-14', 1, 5), 0);
    leases.closeAndReport('OLD', 1, () => 'R');
    expect(leases.purge('2026-03-07')).toBe(1);
    expect(leases.list().map((l) => l.id)).toEqual(['NEW']);
  });
});

describe('the elderly priority from the card', () => {
  it('is offered from the 60th birthday on, in whole years', () => {
    expect(ageOn('1966-03-14', '2026-03-14')).toBe(60);
    expect(ageOn('1966-03-15', '2026-03-14')).toBe(59);
    expect(ageOn('1966-12-31', '2026-12-31')).toBe(60);
    expect(ageOn('1966', '2026-03-14')).toBeUndefined();
  });
});
