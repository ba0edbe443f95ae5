/**
 * The dossier channels for main/kiosk.ts's router: `dossier.lookup` (a dossier this kiosk
 * submitted is found in its outbox first, sent or not) and `dossier.print` (within the print limits).
 */
import type { Handlers } from '../../ipc/router';
import type { PrintingService } from '../printing';
import type { SubmissionService } from '../submission';
import type { DossierService } from './index';

export interface DossierHandlerDeps {
  dossiers: DossierService;
  findLocal: SubmissionService['findLocal'];
  printer: PrintingService;
  /** Throws `too_many` when the same slip was printed too often (main/services/printing/limits). */
  allowPrint: (key: string) => void;
}

export function dossierHandlers(deps: DossierHandlerDeps): Pick<Handlers, 'dossier.lookup' | 'dossier.print'> {
  const { dossiers, findLocal, printer, allowPrint } = deps;
  return {
    'dossier.lookup': ({ code }) => {
      const local = findLocal(code);
      if (local && 'pending' in local) return local.pending;
      return dossiers.lookup(local ? local.dossierCode : code);
    },
    'dossier.print': async ({ code }) => {
      const dossier = await dossiers.lookup(code);
      allowPrint(`status:${dossier.dossierCode}`);
      return printer.printDossierStatus(dossier);
    },
  };
}
