import { describe, expect, it } from 'vitest';
import { normalizeDossierCode } from '../../main/api/schemas';
import { checkDossierCode, DOSSIER_CODE_EXAMPLE } from '../../ui/state/dossierCode';

describe('ui dossier-code check', () => {
  it('accepts the example and normalises case and spaces', () => {
    expect(checkDossierCode(DOSSIER_CODE_EXAMPLE)).toBe(DOSSIER_CODE_EXAMPLE);
    expect(checkDossierCode('  000.00.12.h56 - 260314 -0042 ')).toBe('000.00.12.H56-260314-0042');
    expect(checkDossierCode('H56-240229-0001')).toBe('H56-240229-0001');
  });

  it('refuses malformed codes and impossible dates', () => {
    for (const bad of ['', 'abc', '000.00.12.H56-260314-042', '000.00.12.H56-261314-0042', '000.00.12.H56-260230-0042',
      'H56-250229-0001', '000..12-260314-0042', 'Đ56-260314-0042', '000.00.12.H56-260314-0042-1', 'x'.repeat(121)]) {
      expect(checkDossierCode(bad), bad).toBeNull();
    }
  });

  it('agrees with main/api normalizeDossierCode', () => {
    const samples = [DOSSIER_CODE_EXAMPLE, ' a.b - 260101 - 0000', 'A-000101-1234', 'A-260431-1234', 'A.B.C.D.E.F.G.H-260101-0001',
      'A.B.C.D.E.F.G.H.I-260101-0001', 'ABCDEFGHIJKLM-260101-0001', 'abc', '1-991231-9999'];
    for (const s of samples) expect(checkDossierCode(s), s).toBe(normalizeDossierCode(s));
  });
});
