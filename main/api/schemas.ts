/**
 * The public-service API contract: what the backend (the province's system or our own
 * `sandbox/`) serves, as zod schemas. The kiosk's client validates every response with these,
 * and the sandbox serves exactly these shapes, so the two can never drift apart silently.
 *
 * Conventions: times are ISO 8601 with an offset (`2026-03-14T09:05:00+07:00`), calendar dates
 * are `yyyy-MM-dd`, money is whole đồng (integer VND). Field names follow GLOSSARY.md.
 */
import { z } from 'zod';
import { DOSSIER_STATES } from '../../common/dossier-state';
import { SubmissionAttachmentRef } from './uploads';

/** Commune-level units and province-level agencies (two-level local government since 1 July 2025). */
export const AgencyLevel = z.enum(['province', 'commune']);
export type AgencyLevel = z.infer<typeof AgencyLevel>;

/** Toàn trình / Một phần / only in person. */
export const OnlineLevel = z.enum(['full', 'partial', 'none']);
export type OnlineLevel = z.infer<typeof OnlineLevel>;

/** Thu trước / thu sau / miễn phí / không thu phí. */
export const FeeMode = z.enum(['pay_first', 'pay_on_result', 'exempt', 'none']);
export type FeeMode = z.infer<typeof FeeMode>;

export const Channel = z.enum(['in_person', 'online', 'postal']);
export type Channel = z.infer<typeof Channel>;

export const DocumentKind = z.enum(['original', 'certified_copy', 'copy', 'original_or_certified_copy']);
export type DocumentKind = z.infer<typeof DocumentKind>;

/** Dossier states in the order a dossier usually moves (GLOSSARY.md; the list is common/dossier-state.ts). */
export const DossierState = z.enum(DOSSIER_STATES);
export type DossierState = z.infer<typeof DossierState>;

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const money = z.number().int().nonnegative();

export const Sector = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  procedureCount: z.number().int().nonnegative(),
});
export type Sector = z.infer<typeof Sector>;
export const SectorList = z.object({ items: z.array(Sector) });
export type SectorList = z.infer<typeof SectorList>;

export const RequiredDocument = z.object({
  name: z.string().min(1),
  kind: DocumentKind,
  quantity: z.number().int().positive(),
});
export type RequiredDocument = z.infer<typeof RequiredDocument>;

export const Fee = z.object({
  description: z.string().min(1),
  amount: money,
  mode: FeeMode,
});
export type Fee = z.infer<typeof Fee>;

export const ProcedureSummary = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  sectorCode: z.string().min(1),
  sectorName: z.string().min(1),
  agencyLevel: AgencyLevel,
  onlineLevel: OnlineLevel,
  processingDays: z.number().nonnegative(),
  /**
   * Other names residents use for the procedure ("hộ khẩu" for "Đăng ký thường trú"), as the
   * backend publishes them. Optional in the contract: a backend that has none sends none, and the
   * kiosk's own synonym table still applies.
   */
  aliases: z.array(z.string().min(1)).default([]),
});
export type ProcedureSummary = z.infer<typeof ProcedureSummary>;

export const Procedure = ProcedureSummary.extend({
  agency: z.string().min(1),
  channels: z.array(Channel).min(1),
  steps: z.array(z.string().min(1)).min(1),
  requiredDocuments: z.array(RequiredDocument),
  fees: z.array(Fee),
  eligibility: z.string().min(1),
  result: z.string().min(1),
  conditions: z.string().optional(),
  legalBasis: z.array(z.string().min(1)).min(1),
});
export type Procedure = z.infer<typeof Procedure>;

export const ProcedurePage = z.object({
  items: z.array(ProcedureSummary),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  total: z.number().int().nonnegative(),
});
export type ProcedurePage = z.infer<typeof ProcedurePage>;

export const ProcedureQuery = z.object({
  q: z.string().max(200).optional(),
  sector: z.string().max(64).optional(),
  page: z.number().int().positive().max(10_000).default(1),
  pageSize: z.number().int().positive().max(100).default(20),
});
export type ProcedureQuery = z.input<typeof ProcedureQuery>;

export const StateChange = z.object({
  state: DossierState,
  at: isoDateTime,
  note: z.string().optional(),
});
export type StateChange = z.infer<typeof StateChange>;

export const Dossier = z.object({
  dossierCode: z.string().min(1),
  state: DossierState,
  stateHistory: z.array(StateChange).min(1),
  procedure: z.object({ code: z.string().min(1), name: z.string().min(1) }),
  agency: z.object({ name: z.string().min(1), level: AgencyLevel }),
  channel: Channel,
  receivedAt: isoDateTime,
  dueDate: isoDate,
  overdue: z.boolean(),
  /** Fees still to pay, whole đồng; 0 when nothing is due. */
  feesDue: money,
  /** Masked by the backend ("Nguyễn V** A*"): the kiosk never receives the full name on lookup. */
  applicantName: z.string().min(1),
  /** What the resident must add when the state is `needs_supplement`. */
  supplementNote: z.string().optional(),
  /** By when the supplement is expected (state `needs_supplement`), when the backend says. */
  supplementDueDate: isoDate.optional(),
});
export type Dossier = z.infer<typeof Dossier>;

export const Announcement = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  body: z.string().min(1),
  category: z.enum(['policy', 'notice', 'guide']),
  publishedAt: isoDateTime,
  validUntil: isoDate.optional(),
});
export type Announcement = z.infer<typeof Announcement>;
export const AnnouncementList = z.object({ items: z.array(Announcement) });
export type AnnouncementList = z.infer<typeof AnnouncementList>;

/** RFC 9457 problem details, as every error of the API is answered. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  })
  .passthrough();
export type Problem = z.infer<typeof Problem>;

// ---- Online submission (nộp hồ sơ trực tuyến) ------------------------------------------------

/** Kinds of form field an online procedure asks for. */
// 'address' (issue 12): a postal address, validated as text; the kiosk offers the card's residence.
export const FormFieldType = z.enum(['text', 'textarea', 'date', 'number', 'select', 'phone', 'email', 'address']);
export type FormFieldType = z.infer<typeof FormFieldType>;

/** One field of a procedure's online form. `label` is Vietnamese, as shown on screen. */
export const FormField = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/),
  label: z.string().min(1),
  type: FormFieldType,
  required: z.boolean(),
  /** text, textarea, phone, email: length limits in characters. */
  minLength: z.number().int().nonnegative().optional(),
  maxLength: z.number().int().positive().optional(),
  /** number: inclusive limits. date: `yyyy-MM-dd` limits as strings in minDate / maxDate. */
  min: z.number().optional(),
  max: z.number().optional(),
  minDate: z.iso.date().optional(),
  maxDate: z.iso.date().optional(),
  /** select: the allowed values with their Vietnamese labels. */
  options: z.array(z.object({ value: z.string().min(1), label: z.string().min(1) })).optional(),
  hint: z.string().optional(),
});
export type FormField = z.infer<typeof FormField>;

/** The online form of a procedure: its fields and the limits on attachments. */
export const FormSchema = z.object({
  procedureCode: z.string().min(1),
  procedureName: z.string().min(1),
  /** Changes whenever the form changes. */
  version: z.string().min(1),
  fields: z.array(FormField),
  attachments: z.object({
    /** Documents the resident should attach (names from the procedure's required documents). */
    documents: z.array(z.object({ name: z.string().min(1), required: z.boolean() })),
    maxFiles: z.number().int().nonnegative(),
    /** Per file, decoded bytes. */
    maxFileBytes: z.number().int().positive(),
    /** All files together, decoded bytes. */
    maxTotalBytes: z.number().int().positive(),
    mimeTypes: z.array(z.string().min(1)).min(1),
  }),
});
export type FormSchema = z.infer<typeof FormSchema>;

/** Who submits: what the card (or the resident) gave, nothing more. */
export const Applicant = z.object({
  fullName: z.string().min(1).max(120),
  /** 12-digit personal identification number (số định danh cá nhân). */
  personalId: z.string().regex(/^\d{12}$/),
  birthDate: z.iso.date().optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 .]{8,15}$/)
    .optional(),
  email: z.string().email().max(120).optional(),
  address: z.string().min(1).max(300).optional(),
});
export type Applicant = z.infer<typeof Applicant>;

export { SubmissionAttachmentRef };
export const SubmissionAttachment = z.object({
  name: z.string().min(1).max(255),
  mime: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/),
  /** The file, standard base64 (RFC 4648 §4). */
  contentBase64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/),
});
export type SubmissionAttachment = z.infer<typeof SubmissionAttachment>;

export const FieldValue = z.union([z.string().max(5000), z.number(), z.boolean()]);
export type FieldValue = z.infer<typeof FieldValue>;

/** Body of `POST /api/v1/dossiers` (with an `Idempotency-Key` header). */
export const DossierSubmission = z.object({
  procedureCode: z.string().min(1).max(64),
  applicant: Applicant,
  fields: z.record(z.string(), FieldValue),
  attachments: z.array(SubmissionAttachment).max(20),
  /** The kiosk's local reference (printed on an offline receipt), for tracing. */
  kioskRef: z.string().min(1).max(80).optional(),
  /** When the resident submitted at the kiosk (may be long before delivery). */
  submittedAt: isoDateTime.optional(),
});
export type DossierSubmission = z.infer<typeof DossierSubmission>;

/**
 * What `POST /api/v1/dossiers` accepts (issue 15): each attachment as base64 in the body (every
 * backend, old kiosks) or as a reference to a completed upload (`GET /healthz` capabilities.uploads).
 */
export const DossierSubmissionAccepted = DossierSubmission.extend({
  attachments: z.array(z.union([SubmissionAttachment, SubmissionAttachmentRef])).max(20),
});

/** Answer of `POST /api/v1/dossiers` (201, and the same on a replay). */
export const DossierReceipt = z.object({
  dossierCode: z.string().min(1),
  procedure: z.object({ code: z.string().min(1), name: z.string().min(1) }),
  agency: z.object({ name: z.string().min(1), level: AgencyLevel }),
  receivedAt: isoDateTime,
  dueDate: isoDate,
  state: DossierState,
});
export type DossierReceipt = z.infer<typeof DossierReceipt>;

// ---- Form validation: the one rule the kiosk and the backend both apply -----------------------
// Messages are English (logs, technicians); the UI shows its own Vietnamese text per field.

export interface FieldProblem {
  /** The field key, or `attachments`, or `attachments/N`. */
  key: string;
  message: string;
}

const PHONE = /^\+?[0-9 .]{8,15}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function realDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function validateFields(form: FormSchema, values: Record<string, FieldValue>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const known = new Set(form.fields.map((f) => f.key));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) problems.push({ key, message: `${key} is not a field of this form` });
  }
  for (const f of form.fields) {
    const raw = values[f.key];
    const empty = raw === undefined || (typeof raw === 'string' && raw.trim() === '');
    if (empty) {
      if (f.required) problems.push({ key: f.key, message: `${f.key} is required` });
      continue;
    }
    if (f.type === 'number') {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isFinite(n)) problems.push({ key: f.key, message: `${f.key} must be a number` });
      else if (f.min !== undefined && n < f.min) problems.push({ key: f.key, message: `${f.key} must be at least ${f.min}` });
      else if (f.max !== undefined && n > f.max) problems.push({ key: f.key, message: `${f.key} must be at most ${f.max}` });
      continue;
    }
    if (typeof raw !== 'string') {
      problems.push({ key: f.key, message: `${f.key} must be text` });
      continue;
    }
    const text = raw.normalize('NFC').trim();
    if (f.minLength !== undefined && [...text].length < f.minLength)
      problems.push({ key: f.key, message: `${f.key} must have at least ${f.minLength} characters` });
    if (f.maxLength !== undefined && [...text].length > f.maxLength)
      problems.push({ key: f.key, message: `${f.key} must have at most ${f.maxLength} characters` });
    switch (f.type) {
      case 'date':
        if (!realDate(text)) problems.push({ key: f.key, message: `${f.key} must be a date (yyyy-MM-dd)` });
        else if (f.minDate && text < f.minDate) problems.push({ key: f.key, message: `${f.key} must be on or after ${f.minDate}` });
        else if (f.maxDate && text > f.maxDate) problems.push({ key: f.key, message: `${f.key} must be on or before ${f.maxDate}` });
        break;
      case 'select':
        if (!(f.options ?? []).some((o) => o.value === text)) problems.push({ key: f.key, message: `${f.key} must be one of the listed options` });
        break;
      case 'phone':
        if (!PHONE.test(text)) problems.push({ key: f.key, message: `${f.key} must be a phone number` });
        break;
      case 'email':
        if (!EMAIL.test(text)) problems.push({ key: f.key, message: `${f.key} must be an e-mail address` });
        break;
      default:
        break;
    }
  }
  return problems;
}

export interface AttachmentInfo {
  name: string;
  mime: string;
  size: number;
}

/** Attachment problems split by kind: `tooLarge` ones answer 413 at the backend, others 422. */
export function validateAttachments(form: FormSchema, files: AttachmentInfo[]): { tooLarge: FieldProblem[]; invalid: FieldProblem[] } {
  const a = form.attachments;
  const tooLarge: FieldProblem[] = [];
  const invalid: FieldProblem[] = [];
  if (files.length > a.maxFiles) invalid.push({ key: 'attachments', message: `at most ${a.maxFiles} attachments` });
  let total = 0;
  files.forEach((f, i) => {
    total += f.size;
    if (!a.mimeTypes.includes(f.mime)) invalid.push({ key: `attachments/${i}`, message: `type ${f.mime} is not accepted (${a.mimeTypes.join(', ')})` });
    if (f.size === 0) invalid.push({ key: `attachments/${i}`, message: 'the file is empty' });
    if (f.size > a.maxFileBytes) tooLarge.push({ key: `attachments/${i}`, message: `${f.size} bytes; at most ${a.maxFileBytes} per file` });
  });
  if (total > a.maxTotalBytes) tooLarge.push({ key: 'attachments', message: `${total} bytes in all; at most ${a.maxTotalBytes}` });
  return { tooLarge, invalid };
}

// ------------------------------------------------------------------------------------------------
// Payments (issue 12): a payment of a dossier's fees by VietQR, as the national portal's payment
// platform serves it to the kiosk (DOMAIN.md): the kiosk asks for a payment, shows the QR code it
// gets back, and polls for the outcome.

/** pending: waiting for the transfer; paid; expired: not paid in time; cancelled; failed. */
export const PaymentState = z.enum(['pending', 'paid', 'expired', 'cancelled', 'failed']);
export type PaymentState = z.infer<typeof PaymentState>;

/** `POST /api/v1/payments`: the dossier whose fees are to be paid (with an Idempotency-Key). */
export const PaymentRequest = z.object({ dossierCode: z.string().min(1).max(120) }).strict();
export type PaymentRequest = z.infer<typeof PaymentRequest>;

export const PaymentFeeLine = z.object({ description: z.string().min(1), amount: money });
export type PaymentFeeLine = z.infer<typeof PaymentFeeLine>;

export const Payment = z.object({
  paymentId: z.string().min(1).max(64),
  dossierCode: z.string().min(1),
  procedure: z.object({ code: z.string().min(1), name: z.string().min(1) }),
  /** Whole đồng. */
  amount: z.number().int().positive(),
  currency: z.literal('VND'),
  /** What the transfer carries (VietQR tag 62/08): unaccented, at most 25 characters, names the payment. */
  purpose: z.string().min(1).max(25),
  feeLines: z.array(PaymentFeeLine).min(1),
  /** The payee, as the resident's banking app will show it. */
  payee: z.object({ bankBin: z.string().regex(/^\d{6}$/), bankName: z.string().min(1), accountName: z.string().min(1), account: z.string().min(1) }),
  state: PaymentState,
  createdAt: isoDateTime,
  expiresAt: isoDateTime,
  /** The VietQR (EMVCo) payload to show as a QR code. */
  vietqr: z.string().min(20).max(512),
  /** The payment platform's page for this payment. */
  payUrl: z.string().url(),
  /** State paid: when, and the receipt number (số biên lai). */
  paidAt: isoDateTime.optional(),
  receiptNumber: z.string().min(1).optional(),
});
export type Payment = z.infer<typeof Payment>;

/** `POST /api/v1/payments/{paymentId}/simulate` (sandbox only, admin token): what the bank "did". */
export const PaymentSimulation = z.object({ outcome: z.enum(['paid', 'cancelled', 'failed', 'expired']) }).strict();
export type PaymentSimulation = z.infer<typeof PaymentSimulation>;
