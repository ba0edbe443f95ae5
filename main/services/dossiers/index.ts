/**
 * Dossier status lookup ("Tra cứu hồ sơ"). The code is normalised and checked here before any
 * request, so a malformed code never reaches the backend. Dossiers are personal: never cached.
 */
import { normalizeDossierCode } from '../../../common/dossier-code';
import type { Dossier } from '../../api/schemas';
import { isApplicantIdRequired, type ApiClient } from '../../api/client';
import { KioskError } from '../../errors';
import { maskId, type Logger } from '../../log';
import { toKioskError, viaBackend } from '../errors';

export interface DossierService {
  lookup(code: string): Promise<Dossier>;
}

export interface DossierServiceDeps {
  api: ApiClient;
  log?: Logger;
  /**
   * The applicant's ID number this session holds with the resident's consent (the card read or
   * the CCCD QR scanned), for a backend that shows a dossier only to its applicant.
   */
  applicantId?: () => string | undefined;
}

/**
 * Asks without the ID number first; when the backend answers that the applicant's ID is required,
 * asks again with the session's (its consent given), or answers `identity_required` so the UI
 * asks for the card. The ID travels in a header and is logged masked.
 */
export function createDossierService(deps: DossierServiceDeps): DossierService {
  return {
    async lookup(code) {
      const normalized = normalizeDossierCode(code);
      if (!normalized) throw new KioskError('invalid_code', 'Not a dossier code');
      try {
        return await deps.api.dossier(normalized);
      } catch (err) {
        if (!isApplicantIdRequired(err)) throw toKioskError(err);
        const id = deps.applicantId?.();
        if (!id) {
          deps.log?.info('dossiers', `lookup of ${normalized}: the backend needs the applicant's ID number; asking the resident`);
          throw new KioskError('identity_required', "The backend shows this dossier only with the applicant's ID number", { cause: err });
        }
        deps.log?.info('dossiers', `lookup of ${normalized} again with the applicant's ID number ${maskId(id)}`);
        return viaBackend(() => deps.api.dossier(normalized, { applicantId: id }));
      }
    },
  };
}
