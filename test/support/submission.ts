/**
 * A valid submission of the sandbox's birth registration (procedure 1.001193), for the outbox's
 * tests and benchmark: the sandbox's own example (EXAMPLE_SUBMISSION), each one told apart by its
 * place of birth, with the attachments a test needs.
 */
import type { SubmitInput } from '../../main/services/submission';
import { EXAMPLE_SUBMISSION } from '../../sandbox/routes';

export function birthRegistration(i: number, attachments: SubmitInput['attachments']): SubmitInput {
  const { procedureCode, applicant, fields } = EXAMPLE_SUBMISSION;
  return { procedureCode, applicant, fields: { ...fields, noiSinh: `Bệnh viện Từ Dũ ${i}` }, attachments };
}

/** One PDF attachment with these bytes. */
export function pdfAttachment(content: Buffer, name = 'giay-chung-sinh.pdf'): SubmitInput['attachments'][number] {
  return { name, mime: 'application/pdf', contentBase64: content.toString('base64') };
}
