/** The printer channel for main/kiosk.ts's router: `printer.status`. */
import type { Handlers } from '../../ipc/router';
import type { PrintingService } from './index';

export function printingHandlers(printer: PrintingService): Pick<Handlers, 'printer.status'> {
  return {
    'printer.status': () => printer.view(),
  };
}
