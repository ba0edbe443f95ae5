import { describe, expect, it } from 'vitest';
import { SEX_LABELS_VI, SEXES, sexFromLabelVi } from '../../common/sex';
import { IdentityView } from '../../main/services/identity/contract';

describe('Sex', () => {
  it('is male or female in code, Nam or Nữ on screen and on the card (NFC)', () => {
    expect(SEXES).toEqual(['male', 'female']);
    expect(SEX_LABELS_VI).toEqual({ male: 'Nam', female: 'Nữ' });
    expect(SEX_LABELS_VI.female).toBe('N\u1EEF');
    expect(IdentityView.shape.sex.unwrap().options).toEqual([...SEXES]);
  });

  it.each([
    ['Nam', 'male'],
    ['nam', 'male'],
    [' NAM ', 'male'],
    ['Nữ', 'female'],
    ['nữ', 'female'],
    ['NỮ', 'female'],
    ['Nữ'.normalize('NFD'), 'female'],
  ])('reads %j as %s', (text, sex) => {
    expect(sexFromLabelVi(text)).toBe(sex);
  });

  it.each(['', 'Nu', 'M', 'F', 'male', 'Khác', 'Nam Nữ'])('refuses %j', (text) => {
    expect(sexFromLabelVi(text)).toBeNull();
  });
});
