/**
 * Dossier status lookup ("Tra cứu hồ sơ"). The code is normalised and checked here before any
 * request, so a malformed code never reaches the backend. Dossiers are personal: never cached.
 */
import { normalizeDossierCode } from '../../../common/dossier-code';
import type { Dossier } from '../../api/schemas';
import type { ApiClient } from '../../api/client';
import { KioskError } from '../../ipc/router';
import { viaBackend } from '../errors';

export interface DossierService {
  lookup(code: string): Promise<Dossier>;
}

export function createDossierService(deps: { api: ApiClient }): DossierService {
  return {
    async lookup(code) {
      const normalized = normalizeDossierCode(code);
      if (!normalized) throw new KioskError('invalid_code', 'Not a dossier code');
      return viaBackend(() => deps.api.dossier(normalized));
    },
  };
}
