/**
 * One identity read, shared by the identity service and the technician CLI: BAC key candidates
 * (MRZ → CCCD QR with derived expiry → typed dates), the chip read, the cross-check between the
 * sources, passive authentication, and the identity assembled. Returns personal data: callers
 * keep it in session memory only and never log it unmasked.
 */
import type { X509Certificate } from 'node:crypto';
import {
  CardReadError,
  buildIdentity,
  candidatesFromDates,
  candidatesFromMrz,
  candidatesFromQr,
  crossCheck,
  parseChip,
  passiveAuthenticate,
  readCard,
  type BacKeyCandidate,
  type CardConnection,
  type CrossCheckProblem,
  type IdCardIdentity,
  type PassiveAuthResult,
  type QrIdentity,
  type ReadProgress,
} from '../../../drivers/idcard';
import type { ParsedMrz } from '../../../drivers/idcard/protocol';

export interface TypedDates {
  personalId?: string | undefined;
  birthDate: string;
  expiryDate: string | 'none';
}

export interface KeySources {
  mrz?: ParsedMrz;
  qr?: QrIdentity;
  /** Skip the QR-derived candidates (they already failed on this card). */
  skipQr?: boolean;
  dates?: TypedDates;
}

/** BAC key candidates in the kiosk's order. Throws RangeError on unusable typed input. */
export function keyCandidates(src: KeySources): BacKeyCandidate[] {
  const out: BacKeyCandidate[] = [];
  if (src.mrz) out.push(...candidatesFromMrz(src.mrz));
  if (src.qr && !src.skipQr) out.push(...candidatesFromQr(src.qr));
  if (src.dates) {
    const personalId = src.dates.personalId ?? src.qr?.personalId ?? src.mrz?.vietnam?.personalId;
    const documentNumber = personalId ? undefined : src.mrz?.documentNumber;
    out.push(
      ...candidatesFromDates({
        ...(personalId ? { personalId } : {}),
        ...(documentNumber ? { documentNumber } : {}),
        birthDate: src.dates.birthDate,
        expiryDate: src.dates.expiryDate,
      }),
    );
  }
  const seen = new Set<string>();
  return out.filter((c) => (seen.has(c.mrzInformation) ? false : (seen.add(c.mrzInformation), true)));
}

export type IdentityReadOutcome =
  | {
      outcome: 'ok';
      identity: IdCardIdentity;
      authenticity: PassiveAuthResult;
      keySource: BacKeyCandidate['source'];
      keyLabel: string;
      apduCount: number;
      readMs: number;
      chunk: number;
      problems: string[];
    }
  | { outcome: 'refused'; problems: CrossCheckProblem[]; apduCount: number; readMs: number };

export interface ReadIdentityOptions {
  keys: readonly BacKeyCandidate[];
  sources: KeySources;
  csca: readonly X509Certificate[];
  maxChunk?: number;
  signal?: AbortSignal;
  onProgress?: (p: ReadProgress) => void;
}

/** Reads and checks the card on `conn`. Throws CardReadError (bac-failed, card-removed, …). */
export async function readIdentity(conn: CardConnection, options: ReadIdentityOptions): Promise<IdentityReadOutcome> {
  const read = await readCard(conn, {
    keys: options.keys,
    files: ['COM', 'DG1', 'DG2', 'DG13', 'SOD'],
    ...(options.maxChunk !== undefined ? { maxChunk: options.maxChunk } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const chip = parseChip({ dg1: read.files.DG1, dg2: read.files.DG2, dg13: read.files.DG13 });
  if (!chip.mrz && !chip.dg13) {
    throw new CardReadError('broken-card', `the chip's personal data cannot be read (${chip.problems.join('; ') || 'no DG1 or DG13'})`);
  }
  const ctx: { chip: typeof chip; qr?: QrIdentity; mrz?: ParsedMrz } = { chip };
  if (options.sources.qr) ctx.qr = options.sources.qr;
  if (options.sources.mrz) ctx.mrz = options.sources.mrz;
  const problems = crossCheck(ctx);
  if (problems.length > 0) return { outcome: 'refused', problems, apduCount: read.apduCount, readMs: read.ms };
  const dataGroups = new Map<number, Uint8Array>();
  if (read.files.DG1) dataGroups.set(1, read.files.DG1);
  if (read.files.DG2) dataGroups.set(2, read.files.DG2);
  if (read.files.DG13) dataGroups.set(13, read.files.DG13);
  const authenticity = passiveAuthenticate({ sod: read.files.SOD, dataGroups, csca: options.csca });
  return {
    outcome: 'ok',
    identity: buildIdentity(ctx),
    authenticity,
    keySource: read.key.source,
    keyLabel: read.key.label,
    apduCount: read.apduCount,
    readMs: read.ms,
    chunk: read.chunk,
    problems: chip.problems,
  };
}
