/**
 * Who may submit a dossier, and as whom. The page asks; main decides:
 *
 * - only during a resident's session whose card was read after the resident consented (the
 *   identity service keeps the read only while consent stands, and wipes it at session end);
 * - as the person the card proves: name, personal ID and birth date come from the card read in
 *   main, never from the page (a page gone wrong could otherwise queue dossiers in anyone's
 *   name); the page gives only what the card does not hold (phone, e-mail, an address when the
 *   resident wants another one than the card's permanent residence);
 * - a bounded number of submissions and attachments per session, so that no page can fill the
 *   outbox's disk budget.
 *
 * Pure apart from what it is handed: the session and the identity read come in as functions.
 */
import type { DossierSubmission } from '../../api/schemas';
import { KioskError } from '../../errors';
import { maskId, type Logger } from '../../log';
import type { SubmitInput } from './index';

/** What the submit journey's page sends as the personal ID: it never has the card's number. */
export const PAGE_UNKNOWN_ID = '000000000000';

export interface ProvenIdentity {
  personalId?: string;
  fullName?: string;
  /** yyyy-MM-dd when known exactly. */
  birthDate?: string;
  residence?: string;
}

export interface SubmissionGateDeps {
  /** The current resident session, if any. */
  sessionId: () => string | undefined;
  /** The identity read from the card in this session, after consent (undefined otherwise). */
  identity: () => ProvenIdentity | undefined;
  limits: { maxSubmissionsPerSession: number; maxAttachmentsPerSession: number };
  log: Logger;
}

export interface SubmissionGate {
  /**
   * The submission as it may go out (applicant from the card), or a KioskError. It counts
   * against the session's limits at once, so that requests racing each other cannot pass the
   * cap together; `release` gives the count back when the outbox refuses it after all.
   */
  admit(request: SubmitInput): { request: SubmitInput; release(): void };
}

export function createSubmissionGate(deps: SubmissionGateDeps): SubmissionGate {
  let submissions = 0;
  let attachments = 0;
  let countedFor: string | undefined;
  const sync = (id: string): void => {
    if (countedFor === id) return;
    countedFor = id;
    submissions = 0;
    attachments = 0;
  };
  return {
    admit(request) {
      const session = deps.sessionId();
      if (!session) throw new KioskError('identity_required', 'A dossier is submitted during a resident session, after the card is read');
      sync(session);
      const proven = deps.identity();
      if (!proven?.personalId || !/^\d{12}$/.test(proven.personalId) || !proven.fullName) {
        throw new KioskError('identity_required', "The resident's card has not been read with consent in this session");
      }
      if (submissions >= deps.limits.maxSubmissionsPerSession) {
        throw new KioskError('too_many', `This session has submitted ${submissions} dossiers, the most one session may`);
      }
      if (attachments + request.attachments.length > deps.limits.maxAttachmentsPerSession) {
        throw new KioskError('too_many', `This session may attach at most ${deps.limits.maxAttachmentsPerSession} files in all (${attachments} so far)`);
      }
      const page = request.applicant;
      // The page never holds the full ID number (the identity screen shows it masked): the
      // submit journey sends PAGE_UNKNOWN_ID and main puts the card's number in.
      const pageKnowsId = page.personalId !== PAGE_UNKNOWN_ID;
      if ((pageKnowsId && page.personalId !== proven.personalId) || page.fullName.normalize('NFC') !== proven.fullName.normalize('NFC')) {
        deps.log.warn(
          'submission',
          `the page sent an applicant (ID ${maskId(page.personalId)}) that is not the card's (ID ${maskId(proven.personalId)}): the card's identity is used`,
        );
      }
      const applicant: DossierSubmission['applicant'] = {
        fullName: proven.fullName,
        personalId: proven.personalId,
        ...(proven.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(proven.birthDate) ? { birthDate: proven.birthDate } : {}),
        ...(page.phone !== undefined ? { phone: page.phone } : {}),
        ...(page.email !== undefined ? { email: page.email } : {}),
        ...(page.address !== undefined ? { address: page.address } : proven.residence ? { address: proven.residence.slice(0, 300) } : {}),
      };
      submissions += 1;
      attachments += request.attachments.length;
      let released = false;
      return {
        request: { ...request, applicant },
        release() {
          if (released || countedFor !== session) return;
          released = true;
          submissions -= 1;
          attachments -= request.attachments.length;
        },
      };
    },
  };
}
