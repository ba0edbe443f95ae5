/**
 * Checks a submission against the procedure's form schema before it enters the outbox, with the
 * same rule the backend applies (it lives beside the schemas in main/api/schemas.ts, which the
 * sandbox shares).
 */
export { validateAttachments, validateFields, type AttachmentInfo, type FieldProblem } from '../../api/schemas';
export { decodeBase64 } from '../../../common/base64';
