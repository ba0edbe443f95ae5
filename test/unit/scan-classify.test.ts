import { describe, expect, it } from 'vitest';
import { classifyScan, describeScanForLog, type ScanResult } from '../../main/services/scan/classify';
import { parseCccdQr, parseDdMmYyyy } from '../../main/services/scan/cccd';
import { buildEmv, crc16CcittFalse, parseTlv, parseVietQr, tlv } from '../../main/services/scan/vietqr';

const VIETQR_SAMPLE = '00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4';

/** 001 Hà Nội, digit 0 = 1900s male, 99 = 1999. Empty old-ID field. */
const CCCD_MALE_1999 = '001099012345||Nguyễn Văn Ấn|12031999|Nam|Số 5 Ngõ 12 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội|20042021';
/** 036 Nam Định, digit 1 = 1900s female, 85. With an old CMND. */
const CCCD_FEMALE_1985 = '036185000123|162345678|Trần Thị Hồng Nhung|05061985|Nữ|Xóm 3, Xã Hải Hậu, Huyện Hải Hậu, Tỉnh Nam Định|10082021';
/** 079 TP HCM, digit 3 = 2000s female, 03. All five tones in the name and address. */
const CCCD_FEMALE_2003 = '079303001234||Nguyễn Thị Ánh Tuyết|15082003|Nữ|Số 12 Đường Lê Lợi, Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh|01072021';

function expectKind<K extends ScanResult['kind']>(r: ScanResult, kind: K): Extract<ScanResult, { kind: K }> {
  expect(r.kind).toBe(kind);
  return r as Extract<ScanResult, { kind: K }>;
}

describe('classify: dossier codes', () => {
  it('recognises a dossier code and normalises it', () => {
    expect(classifyScan('000.00.12.H56-260314-0042')).toEqual({ kind: 'dossierCode', dossierCode: '000.00.12.H56-260314-0042' });
    expect(classifyScan('  000.00.12.h56 - 260314 - 0042\r\n')).toEqual({ kind: 'dossierCode', dossierCode: '000.00.12.H56-260314-0042' });
  });
  it('a code with an impossible date is not a dossier code', () => {
    expect(classifyScan('000.00.12.H56-260230-0042')).toMatchObject({ kind: 'unsupported', reason: 'unrecognised' });
  });
});

describe('classify: receipt-slip QR', () => {
  it('a tracking URL with the code in the query', () => {
    expect(classifyScan('https://dichvucong.xxx.gov.vn/tra-cuu?ma=000.00.12.H56-260314-0042')).toEqual({
      kind: 'receiptSlip',
      dossierCode: '000.00.12.H56-260314-0042',
      url: 'https://dichvucong.xxx.gov.vn/tra-cuu?ma=000.00.12.H56-260314-0042',
      host: 'dichvucong.xxx.gov.vn',
    });
  });
  it('a tracking URL ending in the code', () => {
    const r = expectKind(classifyScan('https://dichvucong.xxx.gov.vn/ho-so/000.00.12.H56-260314-0042'), 'receiptSlip');
    expect(r.dossierCode).toBe('000.00.12.H56-260314-0042');
  });
  it('a lower-case, percent-encoded code in an unusual parameter', () => {
    const r = expectKind(classifyScan('http://motcua.example.vn/lookup?x=1&hs=000.00.12.h56%2D260314%2D0042'), 'receiptSlip');
    expect(r.dossierCode).toBe('000.00.12.H56-260314-0042');
  });
  it('text that carries a code', () => {
    expect(classifyScan('Mã hồ sơ: 000.00.12.H56-260314-0042.')).toEqual({ kind: 'receiptSlip', dossierCode: '000.00.12.H56-260314-0042' });
  });
  it('two different codes are ambiguous', () => {
    expect(classifyScan('000.00.12.H56-260314-0042 000.00.12.H56-260314-0043')).toMatchObject({
      kind: 'unsupported',
      reason: 'ambiguous-dossier-codes',
    });
  });
  it('a URL without a code is unsupported', () => {
    expect(classifyScan('https://example.com/promo?id=42')).toMatchObject({ kind: 'unsupported', reason: 'unrecognised' });
  });
});

describe('classify: CCCD QR', () => {
  it('parses a QR with diacritics and an empty old-ID field', () => {
    const r = expectKind(classifyScan(CCCD_FEMALE_2003), 'cccd');
    expect(r.card).toEqual({
      personalId: '079303001234',
      fullName: 'Nguyễn Thị Ánh Tuyết',
      birthDate: '2003-08-15',
      sex: 'female',
      residence: 'Số 12 Đường Lê Lợi, Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh',
      issueDate: '2021-07-01',
      extraFields: 0,
    });
    expect('legacyIdNumber' in r.card).toBe(false);
  });
  it('parses the old CMND when present', () => {
    const r = expectKind(classifyScan(CCCD_FEMALE_1985), 'cccd');
    expect(r.card.legacyIdNumber).toBe('162345678');
    expect(r.card.sex).toBe('female');
    expect(r.card.birthDate).toBe('1985-06-05');
  });
  it('accepts NFD input and returns NFC', () => {
    const r = expectKind(classifyScan(CCCD_MALE_1999.normalize('NFD')), 'cccd');
    expect(r.card.fullName).toBe('Nguyễn Văn Ấn'.normalize('NFC'));
    expect(r.card.sex).toBe('male');
  });
  it('accepts extra fields on newer cards and ignores them', () => {
    const r = expectKind(classifyScan(`${CCCD_MALE_1999}|Nguyễn Văn Bố|Lê Thị Mẹ`), 'cccd');
    expect(r.card.extraFields).toBe(2);
    expect(r.card.issueDate).toBe('2021-04-20');
  });
  it('accepts a 2000s male (digit 2) and a leap day', () => {
    const r = expectKind(classifyScan('001200012345||Lê Minh Đức|29022000|Nam|Hà Nội|01032021'), 'cccd');
    expect(r.card.birthDate).toBe('2000-02-29');
  });
  it('rejects the 6-field layout without the old-ID field', () => {
    const six = '001099012345|Nguyễn Văn Ấn|12031999|Nam|Hà Nội|20042021';
    expect(classifyScan(six)).toMatchObject({ kind: 'unsupported', reason: 'cccd-too-few-fields', looksLike: 'cccd' });
  });
  it.each([
    ['31022000', 'cccd-bad-birth-date'],
    ['29021999', 'cccd-bad-birth-date'],
    ['1203199', 'cccd-bad-birth-date'],
    ['12/03/1999', 'cccd-bad-birth-date'],
  ])('rejects birth date %s', (birth, reason) => {
    expect(classifyScan(CCCD_MALE_1999.replace('12031999', birth))).toMatchObject({ kind: 'unsupported', reason });
  });
  it('rejects an impossible issue date, and one before birth', () => {
    expect(classifyScan(CCCD_MALE_1999.replace('20042021', '31042021'))).toMatchObject({ reason: 'cccd-bad-issue-date' });
    expect(classifyScan(CCCD_MALE_1999.replace('20042021', '20041998'))).toMatchObject({ reason: 'cccd-issue-before-birth' });
  });
  it('rejects an ID whose year digits do not match the birth year', () => {
    expect(classifyScan(CCCD_MALE_1999.replace('12031999', '12031998'))).toMatchObject({ reason: 'cccd-id-birth-mismatch' });
  });
  it('rejects an ID whose century digit does not match the birth year', () => {
    // digit 2 = 2000s male, but born 1999
    expect(classifyScan(CCCD_MALE_1999.replace('001099012345', '001299012345'))).toMatchObject({ reason: 'cccd-id-birth-mismatch' });
  });
  it('rejects an ID whose sex digit does not match the sex field', () => {
    expect(classifyScan(CCCD_MALE_1999.replace('|Nam|', '|Nữ|'))).toMatchObject({ reason: 'cccd-id-sex-mismatch' });
    expect(classifyScan(CCCD_FEMALE_2003.replace('|Nữ|', '|Nam|'))).toMatchObject({ reason: 'cccd-id-sex-mismatch' });
  });
  it.each([
    ['00109901234||A B|12031999|Nam|X|20042021', 'cccd-bad-personal-id'],
    ['097099012345||A B|12031999|Nam|X|20042021', 'cccd-bad-personal-id'],
    ['001099012345|12345|A B|12031999|Nam|X|20042021', 'cccd-bad-legacy-id'],
    ['001099012345|||12031999|Nam|X|20042021', 'cccd-bad-name'],
    ['001099012345||Nguyễn 3|12031999|Nam|X|20042021', 'cccd-bad-name'],
    ['001099012345||A B|12031999|Male|X|20042021', 'cccd-bad-sex'],
    ['001099012345||A B|12031999|Nam| |20042021', 'cccd-bad-residence'],
  ])('rejects %s', (qr, reason) => {
    expect(classifyScan(qr)).toMatchObject({ kind: 'unsupported', reason, looksLike: 'cccd' });
  });
  it('parseDdMmYyyy only takes real dates', () => {
    expect(parseDdMmYyyy('29022024')).toBe('2024-02-29');
    expect(parseDdMmYyyy('29022100')).toBeNull();
    expect(parseDdMmYyyy('00012020')).toBeNull();
    expect(parseDdMmYyyy('01132020')).toBeNull();
    expect(parseCccdQr(CCCD_MALE_1999)).toMatchObject({ ok: true });
  });
});

describe('classify: appointment codes and technician tokens', () => {
  it('recognises LH-<yyMMdd>-<NNNN>, before the dossier-code rule', () => {
    expect(classifyScan('LH-261123-0007')).toEqual({ kind: 'appointment', appointmentCode: 'LH-261123-0007', date: '2026-11-23', sequence: 7 });
    expect(classifyScan(' lh - 261123 - 0007 ')).toMatchObject({ kind: 'appointment', appointmentCode: 'LH-261123-0007' });
  });
  it('rejects an appointment with an impossible date', () => {
    expect(classifyScan('LH-261131-0007')).toMatchObject({ kind: 'unsupported', reason: 'bad-appointment-date', looksLike: 'appointment' });
  });
  it('recognises a KTV1 technician token', () => {
    expect(classifyScan('KTV1:eyJ0ZWNoIjoiYW4iLCJleHAiOjF9')).toEqual({ kind: 'technician', version: 1, token: 'eyJ0ZWNoIjoiYW4iLCJleHAiOjF9' });
  });
  it.each(['KTV1:', 'KTV1:short', 'KTV1:abc!defghij', 'KTV1:abcdefghi', 'ktv1:not/base64url=='])('rejects token %s', (t) => {
    expect(classifyScan(t)).toMatchObject({ kind: 'unsupported', reason: 'bad-technician-token' });
  });
});

describe('classify: VietQR / EMVCo', () => {
  it('recognises the DOMAIN.md sample and parses it', () => {
    const r = expectKind(classifyScan(VIETQR_SAMPLE), 'vietqr');
    expect(r.payment).toEqual({
      initiation: 'static',
      bankBin: '970423',
      account: '0099999999',
      service: 'QRIBFTTA',
      currency: '704',
      country: 'VN',
      crc: 'CBB4',
    });
  });
  it('computes CRC-16/CCITT-FALSE (check value 29B1 for "123456789")', () => {
    expect(crc16CcittFalse(new TextEncoder().encode('123456789')).toString(16).toUpperCase()).toBe('29B1');
  });
  it('rejects a bad CRC and a tampered payload', () => {
    expect(classifyScan(VIETQR_SAMPLE.replace(/CBB4$/, 'CBB5'))).toMatchObject({ kind: 'unsupported', reason: 'vietqr-crc-mismatch', looksLike: 'vietqr' });
    expect(classifyScan(VIETQR_SAMPLE.replace('0099999999', '0099999998'))).toMatchObject({ reason: 'vietqr-crc-mismatch' });
    expect(classifyScan(VIETQR_SAMPLE.slice(0, -8))).toMatchObject({ reason: 'vietqr-crc-missing' });
    expect(classifyScan(VIETQR_SAMPLE.slice(0, 30))).toMatchObject({ reason: 'vietqr-malformed-tlv' });
  });
  it('accepts a lower-case CRC', () => {
    expect(classifyScan(VIETQR_SAMPLE.replace(/CBB4$/, 'cbb4'))).toMatchObject({ kind: 'vietqr' });
  });
  it('parses a dynamic code with amount and purpose, lengths in UTF-8 bytes', () => {
    const payload = buildEmv([
      { tag: '00', value: '01' },
      { tag: '01', value: '12' },
      { tag: '38', value: tlv('00', 'A000000727') + tlv('01', tlv('00', '970436') + tlv('01', '1234567890')) + tlv('02', 'QRIBFTTA') },
      { tag: '53', value: '704' },
      { tag: '54', value: '150000' },
      { tag: '58', value: 'VN' },
      { tag: '59', value: 'UBND PHƯỜNG BẾN THÀNH' },
      { tag: '62', value: tlv('08', 'LE PHI HO SO 0042') },
    ]);
    expect(payload).toContain('5927UBND PHƯỜNG BẾN THÀNH'); // 21 characters, 27 bytes
    const r = expectKind(classifyScan(payload), 'vietqr');
    expect(r.payment).toMatchObject({ initiation: 'dynamic', bankBin: '970436', account: '1234567890', amount: 150000, purpose: 'LE PHI HO SO 0042' });
    expect(parseVietQr(payload)).toMatchObject({ ok: true });
  });
  it('a TLV length that counts characters instead of bytes breaks the structure', () => {
    expect(parseTlv('0202Đa')).toBeNull();
    expect(parseTlv('0203Đa')).toEqual([{ tag: '02', value: 'Đa' }]);
  });
});

describe('classify: everything else', () => {
  it.each(['', '   ', 'hello', '12345678', 'https://', '|||||||', '8935049510012', 'LH-2611-0007'])('%j is unsupported', (s) => {
    expect(classifyScan(s).kind).toBe('unsupported');
  });
  it('non-strings and huge input are unsupported, never thrown', () => {
    expect(classifyScan(undefined)).toMatchObject({ kind: 'unsupported', reason: 'empty' });
    expect(classifyScan(42)).toMatchObject({ kind: 'unsupported' });
    expect(classifyScan('9'.repeat(100_000))).toMatchObject({ kind: 'unsupported', reason: 'too-long', length: 100_000 });
  });
});

describe('describeScanForLog', () => {
  it('masks a CCCD: ID via maskId, name as initials, no address or birth date', () => {
    const line = describeScanForLog(classifyScan(CCCD_FEMALE_1985));
    expect(line).toBe('cccd id=0361******23 legacyId=1623***78 name=T.T.H.N.');
    for (const secret of ['036185000123', '162345678', 'Trần', 'Hồng', 'Nam Định', 'Hải Hậu', '05061985', '1985-06-05']) {
      expect(line).not.toContain(secret);
    }
  });
  it('initials keep Vietnamese letters', () => {
    expect(describeScanForLog(classifyScan(CCCD_MALE_1999))).toContain('name=N.V.Ấ.');
  });
  it('never writes a technician token or scanned free text', () => {
    expect(describeScanForLog(classifyScan('KTV1:eyJ0ZWNoIjoiYW4iLCJleHAiOjF9'))).toBe('technician token=(redacted, 28 chars)');
    const line = describeScanForLog(classifyScan('my secret 0987654321 note'));
    expect(line).toBe('unsupported reason=unrecognised length=25');
  });
  it('masks the VietQR account and keeps the bank BIN', () => {
    expect(describeScanForLog(classifyScan(VIETQR_SAMPLE))).toBe('vietqr static bin=970423 account=0099****99 service=QRIBFTTA');
  });
  it('dossier codes, slips and appointments stay readable', () => {
    expect(describeScanForLog(classifyScan('000.00.12.H56-260314-0042'))).toBe('dossierCode code=000.00.12.H56-260314-0042');
    expect(describeScanForLog(classifyScan('https://dvc.example.gov.vn/ho-so/000.00.12.H56-260314-0042'))).toBe(
      'receiptSlip code=000.00.12.H56-260314-0042 host=dvc.example.gov.vn',
    );
    expect(describeScanForLog(classifyScan('LH-261123-0007'))).toBe('appointment code=LH-261123-0007');
  });
});
