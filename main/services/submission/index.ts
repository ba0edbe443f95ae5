/**
 * Dossier submission ("Nộp hồ sơ"): `dossiers.submit` validates against the procedure's form
 * schema (fetched and cached, also on disk, so a kiosk gone offline still validates), commits the
 * dossier to the outbox in one transaction, and answers the local reference for the receipt,
 * `sent` with the dossier code when the backend confirmed within a few seconds, else `queued`.
 *
 * Nothing is kept beyond what the submission carries, and only until the backend confirms.
 * Nothing personal is logged.
 */
import { normalizeDossierCode } from '../../../common/dossier-code';
import { vnIso } from '../../../common/vietnam-time';
import { DossierReceipt, FormSchema, type DossierSubmission } from '../../api/schemas';
import { ApiError, type ApiClient } from '../../api/client';
import type { PendingDossier, SubmitResponse } from '../../ipc/contract';
import { KioskError } from '../../errors';
import type { Logger } from '../../log';
import type { Store } from '../../store/db';
import { OutboxError, type Outbox } from '../outbox';
import { decodeBase64, validateAttachments, validateFields } from './validate';

export const SUBMIT_KIND = 'dossier.submit';

export interface SubmitInput {
  procedureCode: string;
  applicant: DossierSubmission['applicant'];
  fields: DossierSubmission['fields'];
  attachments: DossierSubmission['attachments'];
}

export interface FormCache {
  get(procedureCode: string): Promise<FormSchema>;
}

/** Form schemas: memory, then the database, then the backend; fresh for `ttlMs`. */
export function createFormCache(deps: { api: ApiClient; store: Store; ttlMs?: number; now?: () => number }): FormCache {
  const ttl = deps.ttlMs ?? 60 * 60_000;
  const now = deps.now ?? Date.now;
  const read = deps.store.db.prepare('SELECT schema, fetched_at FROM form_cache WHERE procedure_code = ?');
  const write = deps.store.db.prepare('INSERT OR REPLACE INTO form_cache (procedure_code, schema, fetched_at) VALUES (?, ?, ?)');
  const drop = deps.store.db.prepare('DELETE FROM form_cache WHERE procedure_code = ?');
  return {
    async get(code) {
      const row = read.get(code) as { schema: string; fetched_at: number } | undefined;
      let cached: FormSchema | undefined;
      if (row) {
        const parsed = FormSchema.safeParse(JSON.parse(row.schema));
        if (parsed.success) cached = parsed.data;
      }
      if (cached && row && now() - row.fetched_at < ttl) return cached;
      try {
        const form = await deps.api.request(`/api/v1/procedures/${encodeURIComponent(code)}/form`, FormSchema);
        write.run(code, JSON.stringify(form), now());
        return form;
      } catch (err) {
        if (err instanceof ApiError && (err.kind === 'offline' || err.kind === 'timeout' || err.kind === 'server_error')) {
          if (cached) return cached;
          throw new KioskError(
            'form_unavailable',
            `The form of procedure ${code} cannot be fetched while the backend is unreachable, and it was never cached`,
            { cause: err },
          );
        }
        if (err instanceof ApiError && err.kind === 'not_found') {
          drop.run(code);
          throw new KioskError('not_found', `Procedure ${code} has no online form`, { cause: err });
        }
        throw err instanceof ApiError ? new KioskError('server_error', 'The form could not be read', { cause: err }) : err;
      }
    },
  };
}

export interface SubmissionService {
  submit(input: SubmitInput): Promise<SubmitResponse>;
  /**
   * A local reference: the waiting submission (`pending_send`), or the dossier code it became
   * once delivered; null when the code is not one of ours.
   */
  findLocal(code: string): { pending: PendingDossier } | { dossierCode: string } | null;
}

export interface SubmissionDeps {
  outbox: Outbox;
  forms: FormCache;
  log: Logger;
  /** How long to wait for the backend before answering "queued". */
  submitWaitMs: number;
  /** The kiosk's own per-file cap (the form's cap applies too). */
  maxAttachmentBytes: number;
  now?: () => Date;
}

export function createSubmissionService(deps: SubmissionDeps): SubmissionService {
  const clock = deps.now ?? (() => new Date());
  deps.outbox.register(SUBMIT_KIND, { response: DossierReceipt, resultRef: (r: DossierReceipt) => r.dossierCode });

  return {
    async submit(input) {
      const form = await deps.forms.get(input.procedureCode);
      const fields = Object.fromEntries(Object.entries(input.fields).map(([k, v]) => [k, typeof v === 'string' ? v.normalize('NFC').trim() : v]));
      const problems = validateFields(form, fields);
      const files: { name: string; mime: string; content: Buffer }[] = [];
      input.attachments.forEach((a, i) => {
        const content = decodeBase64(a.contentBase64);
        if (!content) problems.push({ key: `attachments/${i}`, message: 'not valid base64' });
        else files.push({ name: a.name.normalize('NFC'), mime: a.mime, content: Buffer.from(content.buffer, content.byteOffset, content.byteLength) });
      });
      const sizes = files.map((f) => ({ name: f.name, mime: f.mime, size: f.content.length }));
      const att = validateAttachments(form, sizes);
      const ownCap = sizes.findIndex((f) => f.size > deps.maxAttachmentBytes);
      if (att.tooLarge.length || ownCap >= 0) {
        const limit = Math.min(deps.maxAttachmentBytes, form.attachments.maxFileBytes);
        throw new KioskError('attachment_too_large', `An attachment is over the limit (${limit} bytes per file, ${form.attachments.maxTotalBytes} in all)`);
      }
      problems.push(...att.invalid);
      if (problems.length) {
        throw new KioskError(
          'invalid_form',
          `The submission does not fit the form: ${problems
            .slice(0, 8)
            .map((p) => `${p.key}: ${p.message}`)
            .join('; ')}`,
        );
      }

      const body: Record<string, unknown> = {
        procedureCode: form.procedureCode,
        applicant: input.applicant,
        fields,
        submittedAt: vnIso(clock()),
      };
      let queued;
      try {
        queued = deps.outbox.enqueue({
          kind: SUBMIT_KIND,
          path: '/api/v1/dossiers',
          body,
          files,
          summary: { procedureCode: form.procedureCode, procedureName: form.procedureName },
          localRefField: 'kioskRef',
        });
      } catch (err) {
        if (err instanceof OutboxError) throw new KioskError(err.code, err.message, { cause: err });
        throw err;
      }
      const delivery = await deps.outbox.waitFor(queued.id, deps.submitWaitMs);
      if (delivery.state === 'sent') {
        const receipt = DossierReceipt.safeParse(delivery.value);
        const out: SubmitResponse = { localRef: queued.localRef, state: 'sent' };
        if (receipt.success) {
          out.dossierCode = receipt.data.dossierCode;
          out.receivedAt = receipt.data.receivedAt;
          out.dueDate = receipt.data.dueDate;
        } else if (delivery.resultRef) out.dossierCode = delivery.resultRef;
        return out;
      }
      return { localRef: queued.localRef, state: 'queued' };
    },

    findLocal(code) {
      const normalized = normalizeDossierCode(code) ?? code.trim().toUpperCase();
      const found = deps.outbox.find(normalized);
      if (!found || found.kind !== SUBMIT_KIND) return null;
      if (found.state === 'delivered') return found.resultRef ? { dossierCode: found.resultRef } : null;
      const s = found.summary as { procedureCode?: unknown; procedureName?: unknown };
      return {
        pending: {
          dossierCode: found.localRef,
          state: 'pending_send',
          localRef: found.localRef,
          delivery: found.state === 'dead' ? 'failed' : 'waiting',
          procedure: { code: String(s.procedureCode ?? ''), name: String(s.procedureName ?? '') },
          queuedAt: vnIso(found.queuedAt),
        },
      };
    },
  };
}
