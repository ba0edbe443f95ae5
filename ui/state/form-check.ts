/**
 * The submit form's checks on screen, field by field, with a Vietnamese message key for each
 * problem (shown next to the field). The same rules as main's validateFields
 * (main/api/schemas.ts), which checks again before the outbox; test/unit/ui-form-check.test.ts
 * runs both on a table of schemas and values and expects the same verdicts.
 *
 * Values on screen are strings; dates are typed as digits ddMMyyyy and sent as yyyy-MM-dd.
 */
import type { RequestOf, ResponseOf } from '../../main/ipc/contract';

export type FormSchemaView = ResponseOf<'submission.form'>;
export type FormFieldView = FormSchemaView['fields'][number];
export type FieldValues = RequestOf<'dossier.submit'>['fields'];

export type FieldProblemKey =
  | 'form.err.required'
  | 'form.err.minLength'
  | 'form.err.maxLength'
  | 'form.err.number'
  | 'form.err.min'
  | 'form.err.max'
  | 'form.err.date'
  | 'form.err.minDate'
  | 'form.err.maxDate'
  | 'form.err.select'
  | 'form.err.phone'
  | 'form.err.email';

export interface FieldProblemView {
  key: FieldProblemKey;
  vars?: Record<string, string | number>;
}

const PHONE = /^\+?[0-9 .]{8,15}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** ddMMyyyy digits → yyyy-MM-dd when a real date, else null. */
export function dateDigitsToIso(d: string): string | null {
  if (!/^\d{8}$/.test(d)) return null;
  const iso = `${d.slice(4, 8)}-${d.slice(2, 4)}-${d.slice(0, 2)}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === iso ? iso : null;
}

/** yyyy-MM-dd → dd/MM/yyyy for messages. */
function showDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** The problem with one field's value as typed (dates as digits), or null. */
export function checkField(f: FormFieldView, raw: string | undefined): FieldProblemView | null {
  const text = (raw ?? '').normalize('NFC').trim();
  if (text === '') return f.required ? { key: 'form.err.required' } : null;
  if (f.type === 'number') {
    if (!/^-?\d+(\.\d+)?$/.test(text)) return { key: 'form.err.number' };
    const n = Number(text);
    if (f.min !== undefined && n < f.min) return { key: 'form.err.min', vars: { min: f.min } };
    if (f.max !== undefined && n > f.max) return { key: 'form.err.max', vars: { max: f.max } };
    return null;
  }
  if (f.type === 'date') {
    const iso = dateDigitsToIso(text.replace(/\D/g, ''));
    if (!iso) return { key: 'form.err.date' };
    if (f.minDate && iso < f.minDate) return { key: 'form.err.minDate', vars: { date: showDate(f.minDate) } };
    if (f.maxDate && iso > f.maxDate) return { key: 'form.err.maxDate', vars: { date: showDate(f.maxDate) } };
    return null;
  }
  const len = [...text].length;
  if (f.minLength !== undefined && len < f.minLength) return { key: 'form.err.minLength', vars: { n: f.minLength } };
  if (f.maxLength !== undefined && len > f.maxLength) return { key: 'form.err.maxLength', vars: { n: f.maxLength } };
  if (f.type === 'select' && !(f.options ?? []).some((o) => o.value === text)) return { key: 'form.err.select' };
  if (f.type === 'phone' && !PHONE.test(text)) return { key: 'form.err.phone' };
  if (f.type === 'email' && !EMAIL.test(text)) return { key: 'form.err.email' };
  return null;
}

/** Every field's problem (only fields with one). */
export function checkForm(form: FormSchemaView, values: Record<string, string>): Record<string, FieldProblemView> {
  const out: Record<string, FieldProblemView> = {};
  for (const f of form.fields) {
    const p = checkField(f, values[f.key]);
    if (p) out[f.key] = p;
  }
  return out;
}

/** The values as `dossier.submit` takes them: trimmed NFC text, numbers as numbers, dates ISO, empty ones left out. */
export function toSubmitFields(form: FormSchemaView, values: Record<string, string>): FieldValues {
  const out: FieldValues = {};
  for (const f of form.fields) {
    const text = (values[f.key] ?? '').normalize('NFC').trim();
    if (text === '') continue;
    if (f.type === 'number') out[f.key] = Number(text);
    else if (f.type === 'date') out[f.key] = dateDigitsToIso(text.replace(/\D/g, '')) ?? text;
    else out[f.key] = text;
  }
  return out;
}
