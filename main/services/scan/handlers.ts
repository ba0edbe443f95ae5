/** The scanner channel for main/kiosk.ts's router: `scan.submit` (text read by the renderer). */
import type { Handlers } from '../../ipc/router';
import type { ScannerService } from './service';

export function scanHandlers(scanner: ScannerService): Pick<Handlers, 'scan.submit'> {
  return {
    'scan.submit': ({ text, source }) => ({ accepted: scanner.submit(text, source) }),
  };
}
