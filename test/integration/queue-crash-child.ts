/**
 * Issues offline tickets in a loop for test/integration/queue-crash.test.ts, which kills this
 * process with SIGKILL at random points:
 *
 *   node --import tsx test/integration/queue-crash-child.ts <dataDir> <day>
 *
 * Each ticket goes the way main/services/queue issues one offline: the number is taken from the
 * leased block in one SQLite transaction (main/services/queue/leases.ts), then the slip is rendered
 * to ESC/POS bytes (the printer's work), then `PRINTED <n>` is written (synchronously): a number
 * the resident could hold. Prints `READY` first.
 */
import { writeSync } from 'node:fs';
import { PrinterConfig } from '../../kiosk-config/schema';
import { createEvents } from '../../main/events';
import { createLogger } from '../../main/log';
import { createPrintingService } from '../../main/services/printing';
import { createLeaseStore } from '../../main/services/queue/leases';
import { openKioskStore } from '../../main/store';

const [dataDir, day] = process.argv.slice(2);
if (!dataDir || !day) {
  process.stderr.write('usage: queue-crash-child.ts <dataDir> <day>\n');
  process.exit(2);
}
const log = createLogger({ level: 'error', write: () => {} });
const store = openKioskStore(dataDir);
const leases = createLeaseStore(store.db);
const printer = createPrintingService({
  config: PrinterConfig.parse({ kind: 'none' }),
  events: createEvents(log),
  log,
  centerName: 'Trung tâm',
  hotline: '1900',
  kioskId: 'K',
});
writeSync(1, 'READY\n');
for (;;) {
  const taken = leases.take('ho-tich', day, `${day}T09:00:00+07:00`, null);
  if (!taken) {
    writeSync(1, 'EMPTY\n');
    process.exit(0);
  }
  const number = `${taken.prefix}${String(taken.number).padStart(3, '0')}`;
  const bytes = printer.render('ticket', { number, service: 'Khai sinh, kết hôn, khai tử', qr: false, note: 'PHIẾU CẤP KHI MẤT KẾT NỐI' }).bytes;
  if (bytes.length === 0) throw new Error('no slip');
  leases.markPrinted(taken.leaseId, taken.number);
  writeSync(1, `PRINTED ${taken.number}\n`);
}
