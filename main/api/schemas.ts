/**
 * The public-service API contract: what the backend (the province's system or our own
 * `sandbox/`) serves, as zod schemas. The kiosk's client validates every response with these,
 * and the sandbox serves exactly these shapes, so the two can never drift apart silently.
 *
 * Conventions: times are ISO 8601 with an offset (`2026-03-14T09:05:00+07:00`), calendar dates
 * are `yyyy-MM-dd`, money is whole đồng (integer VND). Field names follow GLOSSARY.md.
 */
import { z } from 'zod';

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

/** Dossier states in the order a dossier usually moves (GLOSSARY.md). */
export const DossierState = z.enum([
  'received',
  'processing',
  'needs_supplement',
  'result_ready',
  'returned',
  'rejected',
  'withdrawn',
]);
export type DossierState = z.infer<typeof DossierState>;

/** States in which a dossier is finished: no longer "overdue" whatever the date. */
export const FINISHED_STATES: readonly DossierState[] = ['result_ready', 'returned', 'rejected', 'withdrawn'];

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

/**
 * Dossier code as provincial one-stop systems generate it: `<agency id>-<yyMMdd>-<NNNN>`,
 * e.g. `000.00.12.H56-260314-0042`. Agency ids are dotted groups of letters and digits.
 */
export const DOSSIER_CODE_PATTERN = /^[A-Z0-9]{1,12}(?:\.[A-Z0-9]{1,12}){0,7}-(\d{2})(\d{2})(\d{2})-\d{4}$/;

/**
 * Normalises what a resident typed or scanned: NFC, upper case, spaces around dashes and at the
 * ends removed. Returns the canonical code, or null when it is not a dossier code (including a
 * yyMMdd part that is not a real date).
 */
export function normalizeDossierCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 120) return null;
  const code = input.normalize('NFC').trim().replace(/\s*-\s*/g, '-').toUpperCase();
  const m = DOSSIER_CODE_PATTERN.exec(code);
  if (!m) return null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  const year = 2000 + Number(m[1]);
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return code;
}
