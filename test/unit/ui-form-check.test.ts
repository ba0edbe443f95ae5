/**
 * The submit form's on-screen checks (ui/state/form-check.ts) against a table of schemas and
 * values, and against main's own rule (validateFields in main/api/schemas.ts): what the screen
 * accepts main accepts, what it refuses main refuses.
 */
import { describe, expect, it } from 'vitest';
import { FormSchema, validateFields, type FormField } from '../../main/api/schemas';
import { checkField, checkForm, dateDigitsToIso, toSubmitFields } from '../../ui/state/form-check';
import { translate } from '../../ui/i18n';

const form = (fields: FormField[]): FormSchema =>
  FormSchema.parse({
    procedureCode: 'T',
    procedureName: 'Thử',
    version: '1',
    fields,
    attachments: { documents: [], maxFiles: 1, maxFileBytes: 1, maxTotalBytes: 1, mimeTypes: ['image/jpeg'] },
  });

const TABLE: Array<{ field: FormField; value: string; problem: string | null }> = [
  { field: { key: 'a', label: 'Tên', type: 'text', required: true, minLength: 2, maxLength: 5 }, value: '', problem: 'form.err.required' },
  { field: { key: 'a', label: 'Tên', type: 'text', required: false }, value: '  ', problem: null },
  { field: { key: 'a', label: 'Tên', type: 'text', required: true, minLength: 2 }, value: 'A', problem: 'form.err.minLength' },
  { field: { key: 'a', label: 'Tên', type: 'text', required: true, maxLength: 5 }, value: 'Nguyễn', problem: 'form.err.maxLength' },
  { field: { key: 'a', label: 'Tên', type: 'text', required: true, maxLength: 5 }, value: 'Việt', problem: null },
  { field: { key: 'a', label: 'Nội dung', type: 'textarea', required: true, minLength: 5 }, value: 'Xin cấp bản sao', problem: null },
  { field: { key: 'a', label: 'Địa chỉ', type: 'address', required: true, minLength: 5 }, value: 'Số 1 Tràng Tiền, Hà Nội', problem: null },
  { field: { key: 'n', label: 'Số', type: 'number', required: true, min: 1, max: 24 }, value: '12', problem: null },
  { field: { key: 'n', label: 'Số', type: 'number', required: true, min: 1, max: 24 }, value: '0', problem: 'form.err.min' },
  { field: { key: 'n', label: 'Số', type: 'number', required: true, min: 1, max: 24 }, value: '25', problem: 'form.err.max' },
  { field: { key: 'n', label: 'Số', type: 'number', required: true }, value: '1a', problem: 'form.err.number' },
  { field: { key: 'd', label: 'Ngày', type: 'date', required: true }, value: '31022024', problem: 'form.err.date' },
  { field: { key: 'd', label: 'Ngày', type: 'date', required: true }, value: '29022024', problem: null },
  { field: { key: 'd', label: 'Ngày', type: 'date', required: true, minDate: '1900-01-01' }, value: '01011899', problem: 'form.err.minDate' },
  { field: { key: 'd', label: 'Ngày', type: 'date', required: true, maxDate: '2030-01-01' }, value: '02012030', problem: 'form.err.maxDate' },
  {
    field: { key: 's', label: 'Giới tính', type: 'select', required: true, options: [{ value: 'Nam', label: 'Nam' }] },
    value: 'Nữ',
    problem: 'form.err.select',
  },
  { field: { key: 's', label: 'Giới tính', type: 'select', required: true, options: [{ value: 'Nam', label: 'Nam' }] }, value: 'Nam', problem: null },
  { field: { key: 'p', label: 'Điện thoại', type: 'phone', required: true }, value: '0912 345 678', problem: null },
  { field: { key: 'p', label: 'Điện thoại', type: 'phone', required: true }, value: '0912-345', problem: 'form.err.phone' },
  { field: { key: 'e', label: 'Thư', type: 'email', required: false }, value: 'an@example.vn', problem: null },
  { field: { key: 'e', label: 'Thư', type: 'email', required: false }, value: 'an@example', problem: 'form.err.email' },
];

describe('submit form checks', () => {
  for (const row of TABLE) {
    it(`${row.field.type} ${JSON.stringify(row.value)} -> ${row.problem ?? 'ok'}, as main decides`, () => {
      const f = form([row.field]);
      expect(checkField(f.fields[0]!, row.value)?.key ?? null).toBe(row.problem);
      const mainProblems = validateFields(f, toSubmitFields(f, { [row.field.key]: row.value }));
      expect(mainProblems.length > 0).toBe(row.problem !== null);
      if (row.problem) expect(translate('vi', row.problem as never)).not.toBe(row.problem);
    });
  }

  it('checks a whole form and converts values for dossier.submit', () => {
    const f = form([
      { key: 'n', label: 'Số', type: 'number', required: true },
      { key: 'd', label: 'Ngày', type: 'date', required: true },
      { key: 't', label: 'Tên', type: 'text', required: false },
    ]);
    expect(Object.keys(checkForm(f, { n: '', d: '1' }))).toEqual(['n', 'd']);
    expect(toSubmitFields(f, { n: '3', d: '01/02/2025', t: '  Trần Thị B  ' })).toEqual({ n: 3, d: '2025-02-01', t: 'Trần Thị B' });
    expect(dateDigitsToIso('31042025')).toBeNull();
  });
});
