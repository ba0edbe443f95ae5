import { describe, expect, it } from 'vitest';
import { normalizeDossierCode } from '../../common/dossier-code';
import { FINISHED_STATES } from '../../common/dossier-state';
import { Announcement, DossierState, Procedure } from '../../main/api/schemas';
import { vnDate, vnIso, vnWeekday } from '../../common/vietnam-time';
import { addWorkingDays } from '../../sandbox/dates';
import { buildSeedAnnouncements, buildSeedDossiers, PROCEDURES, SECTORS, seedDossierCodes } from '../../sandbox/seed';
import { maskApplicantName } from '../../sandbox/text';
import { foldText } from '../../common/search';

const DAY = 86_400_000;
/** Every hour of two weeks, from a Monday morning (Vietnam time): covers weekdays and hours. */
const NOWS = Array.from({ length: 14 * 4 }, (_, i) => new Date(Date.parse('2026-03-15T17:00:00Z') + i * 6 * 3600_000 + (i % 7) * 60_000));

describe('sandbox text helpers', () => {
  it('masks every word but the family name', () => {
    expect(maskApplicantName('Nguyễn Văn An')).toBe('Nguyễn V** A*');
    expect(maskApplicantName('Trần Thị Bích Ngọc')).toBe('Trần T** B*** N***');
    expect(maskApplicantName('Ông Thị Diệu'.normalize('NFD'))).toBe('Ông T** D***');
    expect(maskApplicantName('An')).toBe('A*');
  });
});

describe('sandbox dates', () => {
  it('adds working days skipping weekends, in Vietnam time', () => {
    // Friday 2026-03-13 10:00 +07:00 plus 1 working day is Monday 16.
    const fri = new Date('2026-03-13T03:00:00Z');
    expect(vnWeekday(fri)).toBe(5);
    expect(vnDate(addWorkingDays(fri, 1))).toBe('2026-03-16');
    expect(vnDate(addWorkingDays(fri, 5))).toBe('2026-03-20');
    expect(vnDate(addWorkingDays(fri, 0))).toBe('2026-03-13');
    // Friday 23:30 UTC is Saturday in Vietnam: the next working day is Monday.
    expect(vnDate(addWorkingDays(new Date('2026-03-13T23:30:00Z'), 1))).toBe('2026-03-16');
  });
});

describe('sandbox seed: procedures', () => {
  it('has at least 120 valid procedures in at least 15 sectors, with unique codes', () => {
    expect(PROCEDURES.length).toBeGreaterThanOrEqual(120);
    const sectors = new Set(PROCEDURES.map((p) => p.sectorCode));
    expect(sectors.size).toBeGreaterThanOrEqual(15);
    expect(new Set(PROCEDURES.map((p) => p.code)).size).toBe(PROCEDURES.length);
    const names = new Map(SECTORS.map((s) => [s.code, s.name]));
    for (const p of PROCEDURES) {
      expect(() => Procedure.parse({ ...p, sectorName: names.get(p.sectorCode) })).not.toThrow();
      // National codes are a series digit, a dot and six digits (1.001193, 2.000986, 3.000722).
      expect(p.code).toMatch(/^[1-9]\.\d{6}$/);
      const text = JSON.stringify(p);
      expect(text.normalize('NFC')).toBe(text);
    }
  });
  it('lists every sector it uses, and gives every sector at least 3 procedures', () => {
    const counts = new Map(SECTORS.map((s) => [s.code, 0]));
    for (const p of PROCEDURES) {
      expect(counts.has(p.sectorCode), p.code).toBe(true);
      counts.set(p.sectorCode, counts.get(p.sectorCode)! + 1);
    }
    for (const [sector, n] of counts) expect(n, sector).toBeGreaterThanOrEqual(3);
    expect(new Set(SECTORS.map((s) => s.code)).size).toBe(SECTORS.length);
  });
  it('gives every procedure 2 to 6 aliases: NFC, distinct, none equal to its name or shared with another procedure', () => {
    const owner = new Map<string, string>();
    for (const p of PROCEDURES) {
      expect(p.aliases.length, p.code).toBeGreaterThanOrEqual(2);
      expect(p.aliases.length, p.code).toBeLessThanOrEqual(6);
      const folded = p.aliases.map(foldText);
      expect(new Set(folded).size, p.code).toBe(p.aliases.length);
      for (const [i, a] of p.aliases.entries()) {
        expect(a.normalize('NFC'), p.code).toBe(a);
        expect(a.trim(), p.code).toBe(a);
        expect(folded[i], p.code).not.toBe(foldText(p.name));
        expect(owner.get(folded[i]!), `${a} (${p.code})`).toBeUndefined();
        owner.set(folded[i]!, p.code);
      }
    }
  });
  it('carries the published fees of well-known procedures', () => {
    const byCode = new Map(PROCEDURES.map((p) => [p.code, p]));
    expect(byCode.get('1.001193')?.fees).toEqual([expect.objectContaining({ amount: 0, mode: 'exempt' })]);
    expect(byCode.get('2.000815')?.fees[0]).toMatchObject({ amount: 2000, mode: 'pay_first' });
    expect(byCode.get('2.001417')?.fees[0]).toMatchObject({ amount: 200000 });
    expect(byCode.get('1.002809')?.fees[0]).toMatchObject({ amount: 135000 });
  });
});

describe('sandbox seed: dossiers', () => {
  it('is deterministic for a given now', () => {
    const now = NOWS[3]!;
    expect(buildSeedDossiers(now)).toEqual(buildSeedDossiers(new Date(now.getTime())));
  });

  it.each(NOWS.map((n) => [n.toISOString(), n] as const))('keeps its mix and its invariants at %s', (_label, now) => {
    const dossiers = buildSeedDossiers(now);
    const codes = seedDossierCodes(now);
    expect(dossiers.length).toBeGreaterThanOrEqual(30);
    expect(new Set(dossiers.map((d) => d.dossierCode)).size).toBe(dossiers.length);
    for (const s of DossierState.options) expect(dossiers.some((d) => d.state === s)).toBe(true);
    expect(codes.filter((c) => c.overdue).length).toBeGreaterThanOrEqual(3);
    expect(codes.filter((c) => !c.overdue && !FINISHED_STATES.includes(c.state)).length).toBeGreaterThanOrEqual(3);
    const supplements = dossiers.filter((d) => d.state === 'needs_supplement');
    expect(supplements.length).toBeGreaterThanOrEqual(3);
    for (const d of supplements) expect(d.supplementNote).toBeTruthy();

    const nowIso = vnIso(now);
    for (const d of dossiers) {
      expect(normalizeDossierCode(d.dossierCode)).toBe(d.dossierCode);
      // yyMMdd of the code is the received date.
      const yymmdd = d.dossierCode.split('-')[1]!;
      expect(`20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4)}`).toBe(d.receivedAt.slice(0, 10));
      expect(d.receivedAt < nowIso).toBe(true);
      expect(d.dueDate >= d.receivedAt.slice(0, 10)).toBe(true);
      // History: starts with received at receivedAt, ends in the current state, strictly increasing, never in the future.
      expect(d.stateHistory[0]).toMatchObject({ state: 'received', at: d.receivedAt });
      expect(d.stateHistory.at(-1)!.state).toBe(d.state);
      for (let i = 1; i < d.stateHistory.length; i++) {
        expect(Date.parse(d.stateHistory[i]!.at)).toBeGreaterThan(Date.parse(d.stateHistory[i - 1]!.at));
      }
      expect(Date.parse(d.stateHistory.at(-1)!.at)).toBeLessThanOrEqual(now.getTime());
      for (const c of d.stateHistory) expect(c.at).toMatch(/\+07:00$/);
      expect(d.applicantName.normalize('NFC')).toBe(d.applicantName);
      if (d.state === 'returned' || d.state === 'rejected' || d.state === 'withdrawn') expect(d.feesDue).toBe(0);
    }
  });

  it('computes the due date in working days from the received date', () => {
    const now = new Date('2026-03-18T04:00:00Z'); // Wednesday 11:00 in Vietnam
    const d = buildSeedDossiers(now).find((x) => x.procedureCode === '1.004222' && x.applicantName === 'Lý Gia Bảo')!;
    const received = new Date(d.receivedAt);
    expect(d.dueDate).toBe(vnDate(addWorkingDays(received, 7)));
    expect(received.getTime()).toBeLessThan(now.getTime() - 20 * DAY);
  });
});

describe('sandbox seed: announcements', () => {
  it('has at least 5 announcements that parse, in every category', () => {
    const now = new Date('2026-03-18T04:00:00Z');
    const all = buildSeedAnnouncements(now);
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const a of all) Announcement.parse(a);
    expect(new Set(all.map((a) => a.category))).toEqual(new Set(['policy', 'notice', 'guide']));
    expect(all.some((a) => a.validUntil !== undefined && a.validUntil < vnDate(now))).toBe(true);
  });
});
