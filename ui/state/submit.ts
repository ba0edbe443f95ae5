/**
 * The submit journey (issue 12): a procedure chosen → consent → the card → the form (prefilled
 * from the card) → photos of the documents → review → `dossier.submit` → the result, the printed
 * receipt (`submission.print`) and the QR code to follow the dossier.
 *
 * Everything here is session state (`sessionSignal`): the form's values, the photos and their
 * thumbnails are wiped with the session ("Kết thúc", idle, main's reset). Main holds the card's
 * identity; the page sends a placeholder ID (PAGE_UNKNOWN_ID) and main puts the card's number in.
 */
import { batch } from '@preact/signals';
import type { BridgeError, ResponseOf } from '../../main/ipc/contract';
import { invoke, log } from '../bridge';
import { generation, goHome, navigate, sessionSignal } from './app';
import { checkForm, toSubmitFields, type FieldProblemView, type FormSchemaView } from './form-check';
import { identityPhase, identityThen, type IdentityView } from './identity';

/** What the page sends as the ID number: it never holds it (main/services/submission/gate.ts). */
export const PAGE_UNKNOWN_ID = '000000000000';

export interface SubmitProcedure {
  code: string;
  name: string;
  fees: Array<{ description: string; amount: number; mode: string }>;
}

export interface Photo {
  id: number;
  doc: number;
  /** data:image/jpeg;base64,… as it will be sent. */
  dataUrl: string;
  thumbUrl: string;
  bytes: number;
}

export type SubmitResult = ResponseOf<'dossier.submit'>;
export type TrackingQr = ResponseOf<'submission.qr'>;
export type SubmitErrorKind = 'invalid' | 'identity' | 'storage' | 'tooLarge' | 'tooMany' | 'form' | 'generic';
export type PrintState = 'idle' | 'printing' | 'printed' | 'queued' | 'unavailable' | 'error';

export const submitProcedure = sessionSignal<SubmitProcedure | null>(() => null);
export const submitForm = sessionSignal<FormSchemaView | null>(() => null);
export const formValues = sessionSignal<Record<string, string>>(() => ({}));
export const formProblems = sessionSignal<Record<string, FieldProblemView>>(() => ({}));
export const activeField = sessionSignal<string | null>(() => null);
export const photos = sessionSignal<Photo[]>(() => []);
/** The document being photographed, and the page a retake replaces. */
export const capture = sessionSignal<{ doc: number; replace?: number } | null>(() => null);
export const preview = sessionSignal<number | null>(() => null);
export const submitting = sessionSignal(() => false);
export const submitError = sessionSignal<SubmitErrorKind | null>(() => null);
export const submitResult = sessionSignal<SubmitResult | null>(() => null);
export const printState = sessionSignal<PrintState>(() => 'idle');
export const trackingQr = sessionSignal<TrackingQr | null>(() => null);
export const formLoadError = sessionSignal(() => false);

let nextPhotoId = 1;

/** The identity read in this session, when there is one. */
export function cardIdentity(): IdentityView | null {
  const p = identityPhase.value;
  return p.phase === 'done' || p.phase === 'next' ? p.identity : null;
}

/** "Nộp hồ sơ trực tuyến" on a procedure: consent and the card first, unless the card was read already. */
export function startSubmit(proc: SubmitProcedure): void {
  batch(() => {
    submitProcedure.value = proc;
    submitForm.value = null;
    formValues.value = {};
    formProblems.value = {};
    photos.value = [];
    submitResult.value = null;
    submitError.value = null;
    printState.value = 'idle';
    trackingQr.value = null;
  });
  if (cardIdentity()) {
    void openForm();
    return;
  }
  identityThen.value = () => void openForm();
  navigate({ name: 'consent' });
}

/** The card's details that fill form fields (read-only when the card proves them). */
export function prefillFor(form: FormSchemaView, id: IdentityView | null): { values: Record<string, string>; locked: Set<string> } {
  const values: Record<string, string> = {};
  const locked = new Set<string>();
  if (!id) return { values, locked };
  for (const f of form.fields) {
    if (/^(hoTen|hoVaTen|hoTenNguoiNop)$/i.test(f.key) && id.fullName) {
      values[f.key] = id.fullName;
      locked.add(f.key);
    } else if (/^(diaChiThuongTru|noiThuongTru)$/i.test(f.key) && id.residence) {
      values[f.key] = id.residence;
      locked.add(f.key);
    } else if (f.type === 'address' && id.residence) {
      values[f.key] = id.residence;
    }
  }
  return { values, locked };
}

export const lockedFields = sessionSignal<Set<string>>(() => new Set());

export async function openForm(): Promise<void> {
  const proc = submitProcedure.value;
  if (!proc) {
    goHome();
    return;
  }
  const gen = generation.value;
  formLoadError.value = false;
  navigate({ name: 'submit-form' }, { replace: true });
  const r = await invoke('submission.form', { procedureCode: proc.code });
  if (gen !== generation.value) return;
  if (!r.ok) {
    log('warn', `submission.form failed: ${r.error.code}`);
    formLoadError.value = true;
    return;
  }
  const { values, locked } = prefillFor(r.value, cardIdentity());
  batch(() => {
    submitForm.value = r.value;
    formValues.value = { ...values, ...formValues.value };
    lockedFields.value = locked;
    activeField.value = r.value.fields.find((f) => !locked.has(f.key) && f.type !== 'select')?.key ?? null;
  });
}

export function setValue(key: string, value: string): void {
  formValues.value = { ...formValues.value, [key]: value };
  if (formProblems.value[key]) {
    const rest = { ...formProblems.value };
    delete rest[key];
    formProblems.value = rest;
  }
}

/** "Tiếp tục" on the form: every problem shown next to its field, or on to the documents. */
export function formNext(): boolean {
  const form = submitForm.value;
  if (!form) return false;
  const problems = checkForm(form, formValues.value);
  formProblems.value = problems;
  const first = form.fields.find((f) => problems[f.key]);
  if (first) {
    activeField.value = first.key;
    return false;
  }
  navigate({ name: 'submit-documents' });
  return true;
}

export function documentPages(doc: number): Photo[] {
  return photos.value.filter((p) => p.doc === doc);
}

export function addPhoto(doc: number, dataUrl: string, thumbUrl: string, bytes: number, replace?: number): void {
  const photo: Photo = { id: nextPhotoId++, doc, dataUrl, thumbUrl, bytes };
  if (replace !== undefined) photos.value = photos.value.map((p) => (p.id === replace ? { ...photo, id: replace } : p));
  else photos.value = [...photos.value, photo];
}

export function deletePhoto(id: number): void {
  photos.value = photos.value.filter((p) => p.id !== id);
}

/** Required documents without a photo (only when the kiosk has a document camera). */
export function missingRequired(form: FormSchemaView): string[] {
  return form.attachments.documents.filter((d, i) => d.required && !photos.value.some((p) => p.doc === i)).map((d) => d.name);
}

function fileName(form: FormSchemaView, p: Photo, page: number): string {
  const base = (form.attachments.documents[p.doc]?.name ?? 'Giấy tờ').normalize('NFC').slice(0, 200);
  return `${base} - trang ${page}.jpg`;
}

export function attachments(form: FormSchemaView): Array<{ name: string; mime: string; contentBase64: string }> {
  const pageOf = new Map<number, number>();
  return photos.value.map((p) => {
    const page = (pageOf.get(p.doc) ?? 0) + 1;
    pageOf.set(p.doc, page);
    return { name: fileName(form, p, page), mime: 'image/jpeg', contentBase64: p.dataUrl.slice(p.dataUrl.indexOf(',') + 1) };
  });
}

function errorKind(e: BridgeError): SubmitErrorKind {
  switch (e.code) {
    case 'invalid_form':
      return 'invalid';
    case 'identity_required':
      return 'identity';
    case 'storage_full':
    case 'out_of_service':
      return 'storage';
    case 'attachment_too_large':
      return 'tooLarge';
    case 'too_many':
      return 'tooMany';
    default:
      return 'generic';
  }
}

/** "Gửi hồ sơ": through the outbox; then the receipt and the tracking QR. */
export async function sendDossier(): Promise<void> {
  const form = submitForm.value;
  const id = cardIdentity();
  if (!form || submitting.value) return;
  const gen = generation.value;
  submitting.value = true;
  submitError.value = null;
  try {
    const fields = toSubmitFields(form, formValues.value);
    const phoneField = form.fields.find((f) => f.type === 'phone' && typeof fields[f.key] === 'string');
    const emailField = form.fields.find((f) => f.type === 'email' && typeof fields[f.key] === 'string');
    const r = await invoke(
      'dossier.submit',
      {
        procedureCode: form.procedureCode,
        applicant: {
          fullName: id?.fullName || '-',
          personalId: PAGE_UNKNOWN_ID,
          ...(phoneField ? { phone: String(fields[phoneField.key]) } : {}),
          ...(emailField ? { email: String(fields[emailField.key]) } : {}),
        },
        fields,
        attachments: attachments(form),
      },
      { timeoutMs: 60_000 },
    );
    if (gen !== generation.value) return;
    if (!r.ok) {
      log('warn', `dossier.submit failed: ${r.error.code}`);
      submitError.value = errorKind(r.error);
      return;
    }
    batch(() => {
      submitResult.value = r.value;
      // The photos have been handed to main (the outbox): the page keeps none of them.
      photos.value = [];
    });
    navigate({ name: 'submit-result' }, { replace: true });
    void printReceipt();
    void loadQr();
  } finally {
    if (gen === generation.value) submitting.value = false;
  }
}

export async function printReceipt(): Promise<void> {
  const res = submitResult.value;
  if (!res || printState.value === 'printing') return;
  const gen = generation.value;
  printState.value = 'printing';
  const r = await invoke('submission.print', { localRef: res.localRef }, { timeoutMs: 30_000 });
  if (gen !== generation.value) return;
  if (!r.ok) {
    log('warn', `submission.print failed: ${r.error.code}`);
    printState.value = 'error';
    return;
  }
  printState.value = r.value.state;
}

async function loadQr(): Promise<void> {
  const res = submitResult.value;
  if (!res) return;
  const gen = generation.value;
  const r = await invoke('submission.qr', { code: res.dossierCode ?? res.localRef });
  if (gen !== generation.value) return;
  if (r.ok) trackingQr.value = r.value;
  else log('warn', `submission.qr failed: ${r.error.code}`);
}

/** Back to the card screens when main says the identity is gone. */
export function readCardAgain(): void {
  identityThen.value = () => navigate({ name: 'submit-review' }, { replace: true });
  identityPhase.value = { phase: 'waiting' };
  navigate({ name: 'consent' }, { replace: true });
}
