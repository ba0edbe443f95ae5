/**
 * Property tests (fast-check, 10,000 runs each) for the classifier and every parser behind it:
 * they never throw, random input is 'unsupported', and a class other than 'unsupported' is only
 * given when an independent check (written here, not shared with the code) agrees.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeDossierCode } from '../../common/dossier-code';
import { classifyScan, describeScanForLog, type ScanResult } from '../../main/services/scan/classify';
import { parseCccdQr } from '../../main/services/scan/cccd';
import { buildEmv, parseTlv, parseVietQr, tlv } from '../../main/services/scan/vietqr';

const RUNS = { numRuns: 10_000 };
const enc = new TextEncoder();

// ---- independent oracles ----------------------------------------------------------------

/** Table-driven CRC-16/CCITT-FALSE, a different implementation from the one under test. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n << 8;
  for (let k = 0; k < 8; k++) c = (c & 0x8000 ? (c << 1) ^ 0x1021 : c << 1) & 0xffff;
  return c;
});
function crcOracle(s: string): string {
  let crc = 0xffff;
  for (const byte of enc.encode(s)) crc = ((crc << 8) & 0xffff) ^ CRC_TABLE[((crc >> 8) ^ byte) & 0xff]!;
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

function realDate(d: string): { y: number; iso: string } | null {
  if (!/^\d{8}$/.test(d)) return null;
  const [dd, mm, y] = [Number(d.slice(0, 2)), Number(d.slice(2, 4)), Number(d.slice(4))];
  const t = new Date(Date.UTC(y, mm - 1, dd));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mm - 1 || t.getUTCDate() !== dd || y < 1900) return null;
  return { y, iso: t.toISOString().slice(0, 10) };
}

function cccdOracle(text: string): boolean {
  const f = text
    .normalize('NFC')
    .trim()
    .split('|')
    .map((x) => x.trim());
  if (f.length < 7) return false;
  const [id, old, name, birth, sex, addr, issue] = f as [string, string, string, string, string, string, string];
  const b = realDate(birth);
  const i = realDate(issue);
  if (!/^\d{12}$/.test(id) || !b || !i || i.iso < b.iso || !name || !addr) return false;
  if (old !== '' && !/^\d{9}(\d{3})?$/.test(old)) return false;
  const digit = Number(id[3]);
  const female = sex.toLowerCase() === 'nữ';
  if (!female && sex.toLowerCase() !== 'nam') return false;
  return digit % 2 === (female ? 1 : 0) && Math.floor((b.y - 1900) / 100) === Math.floor(digit / 2) && id.slice(4, 6) === String(b.y % 100).padStart(2, '0');
}

/** Does the classification agree with what the input really is? */
function confirmed(input: string, r: ScanResult): boolean {
  const squashed = input
    .normalize('NFC')
    .replace(/\s*-\s*/g, '-')
    .toUpperCase();
  switch (r.kind) {
    case 'unsupported':
      return true;
    case 'dossierCode':
      return normalizeDossierCode(input) === r.dossierCode;
    case 'receiptSlip': {
      let decoded = squashed;
      try {
        decoded = decodeURIComponent(squashed).toUpperCase();
      } catch {
        /* keep */
      }
      return normalizeDossierCode(r.dossierCode) === r.dossierCode && (squashed.includes(r.dossierCode) || decoded.includes(r.dossierCode));
    }
    case 'cccd':
      return cccdOracle(input);
    case 'appointment':
      return /^LH-\d{6}-\d{4}$/.test(r.appointmentCode) && squashed.trim() === r.appointmentCode;
    case 'technician':
      return input.trim().startsWith('KTV1:') && input.includes(r.token);
    case 'vietqr': {
      const t = input.trim();
      return t.startsWith('000201') && crcOracle(t.slice(0, -4)) === t.slice(-4).toUpperCase();
    }
  }
}

// ---- generators ---------------------------------------------------------------------------

const TOKENS = [
  '0',
  '1',
  '2',
  '3',
  '9',
  '12',
  '000',
  '|',
  '||',
  '-',
  ' - ',
  '.',
  ':',
  '/',
  '?',
  '=',
  '&',
  ' ',
  'LH',
  'lh',
  'KTV1:',
  'abcdEFGH',
  '_-',
  '000201',
  '010211',
  '38',
  '5303704',
  '5802VN',
  '6304',
  'A000000727',
  'H56',
  '000.00.12.H56',
  '260314',
  '0042',
  '12031999',
  '29022000',
  'Nam',
  'Nữ',
  'Nguyễn Văn',
  'https://',
  'http://a.vn/',
  'dvc.gov.vn/ho-so/',
  '?ma=',
  '%2D',
  'Đ',
  'ễ',
  '\u0000',
  '\r\n',
  '\t',
  'é',
  '€',
];
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }).map((t) => t.join(''));
const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  tokenSoup,
);

const VI_LETTERS = Array.from('aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđbcdghklmnpqrstvx');
const viWord = fc.array(fc.constantFrom(...VI_LETTERS), { minLength: 1, maxLength: 7 }).map((cs) => cs[0]!.toUpperCase() + cs.slice(1).join(''));
const viName = fc.array(viWord, { minLength: 2, maxLength: 5 }).map((w) => w.join(' '));
const address = fc
  .tuple(fc.integer({ min: 1, max: 999 }), fc.array(viWord, { minLength: 2, maxLength: 10 }))
  .map(([n, ws]) => `Số ${n} ${ws.join(' ')}, ${ws.slice(0, 2).join(' ')}`);
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const DAY = 86_400_000;
const dayIn = (fromYear: number, toYear: number) =>
  fc.integer({ min: Date.UTC(fromYear, 0, 1) / DAY, max: Date.UTC(toYear, 11, 31) / DAY }).map((d) => new Date(d * DAY));
const ddmmyyyy = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}${d.getUTCFullYear()}`;

const validCccd = fc
  .record({
    province: fc.integer({ min: 1, max: 96 }),
    birth: dayIn(1900, 2199),
    issueAfterDays: fc.integer({ min: 0, max: 80 * 365 }),
    female: fc.boolean(),
    tail: digits(6),
    legacy: fc.option(digits(9), { nil: undefined }),
    name: viName,
    residence: address,
    extras: fc.array(
      fc.string({ maxLength: 20 }).map((s) => s.replace(/\|/g, '')),
      { maxLength: 3 },
    ),
  })
  .map((g) => {
    const year = g.birth.getUTCFullYear();
    const digit = Math.floor((year - 1900) / 100) * 2 + (g.female ? 1 : 0);
    const personalId = `${String(g.province).padStart(3, '0')}${digit}${String(year % 100).padStart(2, '0')}${g.tail}`;
    const issue = new Date(g.birth.getTime() + g.issueAfterDays * DAY);
    const fields = [personalId, g.legacy ?? '', g.name, ddmmyyyy(g.birth), g.female ? 'Nữ' : 'Nam', g.residence, ddmmyyyy(issue), ...g.extras];
    return { g, personalId, issue, text: fields.join('|'), fields };
  });

const validVietQr = fc
  .record({
    dynamic: fc.boolean(),
    bin: digits(6),
    account: fc.stringMatching(/^[0-9A-Z]{6,19}$/),
    service: fc.constantFrom('QRIBFTTA', 'QRIBFTTC'),
    amount: fc.option(fc.integer({ min: 1, max: 9_999_999_999 }), { nil: undefined }),
    purpose: fc.option(fc.stringMatching(/^[A-Z0-9 ]{1,25}$/), { nil: undefined }),
  })
  .map((v) => {
    const fields = [
      { tag: '00', value: '01' },
      { tag: '01', value: v.dynamic ? '12' : '11' },
      { tag: '38', value: tlv('00', 'A000000727') + tlv('01', tlv('00', v.bin) + tlv('01', v.account)) + tlv('02', v.service) },
      { tag: '53', value: '704' },
      ...(v.amount === undefined ? [] : [{ tag: '54', value: String(v.amount) }]),
      { tag: '58', value: 'VN' },
      ...(v.purpose === undefined ? [] : [{ tag: '62', value: tlv('08', v.purpose) }]),
    ];
    return { v, text: buildEmv(fields) };
  });

// ---- properties ---------------------------------------------------------------------------

describe('classifier properties', () => {
  it('never throws, and any class it gives is confirmed by an independent check', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const r = classifyScan(s);
        expect(confirmed(s, r)).toBe(true);
        expect(typeof describeScanForLog(r)).toBe('string');
      }),
      RUNS,
    );
  });

  it('random text is unsupported', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        fc.pre(!/\d/.test(s)); // every class needs digits; with none it must be unsupported
        expect(classifyScan(s).kind).toBe('unsupported');
      }),
      RUNS,
    );
  });

  it('never throws on values that are not strings', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const r = classifyScan(v);
        expect(r.kind).toBe(typeof v === 'string' ? r.kind : 'unsupported');
      }),
      RUNS,
    );
  });

  it('every valid CCCD QR is classified with exactly its fields, and logs mask it', () => {
    fc.assert(
      fc.property(validCccd, ({ g, personalId, issue, text }) => {
        const r = classifyScan(text);
        expect(r.kind).toBe('cccd');
        if (r.kind !== 'cccd') return;
        expect(r.card.personalId).toBe(personalId);
        expect(r.card.legacyIdNumber).toBe(g.legacy);
        expect(r.card.fullName).toBe(g.name);
        expect(r.card.birthDate).toBe(g.birth.toISOString().slice(0, 10));
        expect(r.card.issueDate).toBe(issue.toISOString().slice(0, 10));
        expect(r.card.sex).toBe(g.female ? 'female' : 'male');
        expect(r.card.residence).toBe(g.residence);
        expect(r.card.extraFields).toBe(g.extras.length);
        const line = describeScanForLog(r);
        expect(line).not.toContain(personalId);
        if (g.legacy) expect(line).not.toContain(g.legacy);
        expect(line).not.toContain(g.residence);
        expect(line).not.toContain(g.name);
      }),
      RUNS,
    );
  });

  it('a CCCD QR without its old-ID field (6 fields) is never accepted', () => {
    fc.assert(
      fc.property(validCccd, ({ fields }) => {
        const six = [fields[0], ...fields.slice(2, 7)].join('|');
        expect(classifyScan(six)).toMatchObject({ kind: 'unsupported', looksLike: 'cccd' });
      }),
      RUNS,
    );
  });

  it('a CCCD QR whose ID disagrees with the sex or the birth year is rejected', () => {
    fc.assert(
      fc.property(validCccd, fc.constantFrom('sex', 'year', 'century'), ({ fields }, what) => {
        const f = [...fields];
        const id = f[0]!;
        if (what === 'sex') f[4] = f[4] === 'Nam' ? 'Nữ' : 'Nam';
        if (what === 'year') f[0] = id.slice(0, 4) + String((Number(id.slice(4, 6)) + 1) % 100).padStart(2, '0') + id.slice(6);
        if (what === 'century') f[0] = id.slice(0, 3) + String((Number(id[3]) + 2) % 10) + id.slice(4);
        const r = classifyScan(f.join('|'));
        expect(r.kind).toBe('unsupported');
        expect(r).toMatchObject({ reason: what === 'sex' ? 'cccd-id-sex-mismatch' : 'cccd-id-birth-mismatch' });
      }),
      RUNS,
    );
  });

  it('every valid VietQR is recognised with its fields; any one-character change is rejected', () => {
    fc.assert(
      fc.property(validVietQr, fc.nat(), fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), ({ v, text }, at, ch) => {
        const r = classifyScan(text);
        expect(r.kind).toBe('vietqr');
        if (r.kind !== 'vietqr') return;
        expect(r.payment).toMatchObject({ initiation: v.dynamic ? 'dynamic' : 'static', bankBin: v.bin, account: v.account, service: v.service });
        expect(r.payment.amount).toBe(v.amount);
        expect(r.payment.purpose).toBe(v.purpose);
        expect(crcOracle(text.slice(0, -4))).toBe(text.slice(-4));
        const i = at % text.length;
        fc.pre(text[i] !== ch && !(i >= text.length - 4 && text[i]!.toUpperCase() === ch));
        const changed = text.slice(0, i) + ch + text.slice(i + 1);
        expect(classifyScan(changed).kind).not.toBe('vietqr');
      }),
      RUNS,
    );
  });

  it('dossier codes round-trip, and slips that carry them give the same code', () => {
    const agency = fc.array(fc.stringMatching(/^[A-Z0-9]{1,5}$/), { minLength: 1, maxLength: 4 }).map((p) => p.join('.'));
    fc.assert(
      fc.property(agency, dayIn(2000, 2099), fc.integer({ min: 0, max: 9999 }), fc.constantFrom('query', 'path', 'text'), (a, d, n, shape) => {
        fc.pre(!/^LH$/i.test(a));
        const code = `${a}-${String(d.getUTCFullYear() % 100).padStart(2, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}-${String(n).padStart(4, '0')}`;
        expect(classifyScan(code.toLowerCase())).toEqual({ kind: 'dossierCode', dossierCode: code });
        const slip =
          shape === 'query'
            ? `https://dvc.example.gov.vn/tra-cuu?ma=${code}`
            : shape === 'path'
              ? `https://dvc.example.gov.vn/ho-so/${code}`
              : `Mã hồ sơ: ${code}`;
        expect(classifyScan(slip)).toMatchObject({ kind: 'receiptSlip', dossierCode: code });
      }),
      RUNS,
    );
  });
});

describe('parser properties', () => {
  it('parseCccdQr never throws, and accepts only what the oracle accepts', () => {
    const pipey = fc
      .array(fc.oneof(fc.string({ maxLength: 14 }), fc.constantFrom('001099012345', '12031999', 'Nam', 'Nữ', '')), { maxLength: 9 })
      .map((f) => f.join('|'));
    fc.assert(
      fc.property(fc.oneof(anyText, pipey), (s) => {
        const r = parseCccdQr(s);
        if (r.ok) expect(cccdOracle(s)).toBe(true);
      }),
      RUNS,
    );
  });

  it('parseVietQr and parseTlv never throw; accepted payloads have a correct CRC', () => {
    const emvish = fc
      .array(fc.constantFrom('00', '01', '02', '04', '10', '11', '12', '38', '53', '63', '6304', 'A0', 'VN', 'Đ', '9'), { maxLength: 40 })
      .map((t) => '000201' + t.join(''));
    fc.assert(
      fc.property(fc.oneof(anyText, emvish), (s) => {
        const t = parseTlv(s);
        if (t) expect(t.map((x) => `${x.tag}${String(enc.encode(x.value).length).padStart(2, '0')}${x.value}`).join('')).toBe(s);
        const r = parseVietQr(s);
        if (r.ok) expect(crcOracle(s.trim().slice(0, -4))).toBe(s.trim().slice(-4).toUpperCase());
      }),
      RUNS,
    );
  });
});
