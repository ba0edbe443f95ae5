/**
 * The kiosk's durable services (store, outbox, dossier submission: main/services/outbox/runtime,
 * the same code main/kiosk.ts wires) in a child process, for test/integration/crash-*.test.ts.
 *
 *   node --import tsx test/integration/crash-child.ts <backendUrl> <dataDir> <kioskId> <mode>
 *
 * mode `submit`: submits dossiers in a loop and prints `ACK <localRef>` after each outbox commit
 * (written synchronously, so a line on stdout means the commit happened). mode `drain`: submits
 * nothing, waits until the outbox is empty, prints `DRAINED <pending> <dead>` and exits.
 * Prints `READY` once started. The test kills it with SIGKILL at random points.
 */
import { writeSync } from 'node:fs';
import { KioskConfig } from '../../kiosk-config/schema';
import { createLogger } from '../../main/log';
import { createDurable } from '../../main/services/outbox/runtime';

const [backendUrl, dataDir, kioskId, mode] = process.argv.slice(2);
if (!backendUrl || !dataDir || !kioskId || (mode !== 'submit' && mode !== 'drain')) {
  process.stderr.write('usage: crash-child.ts <backendUrl> <dataDir> <kioskId> submit|drain\n');
  process.exit(2);
}
const say = (line: string) => writeSync(1, `${line}\n`);

const config = KioskConfig.parse({
  kioskId,
  dataDir,
  backend: { url: backendUrl, token: 'crash-test-token', timeoutMs: 3000, retries: 1 },
  outbox: { backoffBaseMs: 20, backoffCapMs: 300, probeIntervalMs: 100, breakerOpenMs: 200, submitWaitMs: 0, requestTimeoutMs: 3000 },
});
const durable = createDurable({ config, backendUrl, log: createLogger({ level: 'error', write: (l) => process.stderr.write(`${l}\n`) }) });
durable.start();
say('READY');

if (mode === 'drain') {
  await durable.outbox?.drained();
  const s = durable.status();
  say(`DRAINED ${s.outbox.pending} ${s.outbox.dead}`);
  await durable.stop();
  process.exit(0);
}

const pdf = Buffer.from('%PDF-1.4\ncrash harness attachment\n%%EOF\n').toString('base64');
for (let i = 0; ; i++) {
  try {
    const r = await durable.submit({
      procedureCode: '1.001193',
      applicant: { fullName: 'Nguyễn Văn An', personalId: '079090001234' },
      fields: {
        hoTenNguoiDuocKhaiSinh: 'Nguyễn Minh Khang',
        ngaySinh: '2025-10-02',
        gioiTinh: 'Nam',
        noiSinh: `Bệnh viện ${i}`,
        quanHe: 'cha',
        soDienThoai: '0901234567',
      },
      attachments: [{ name: 'a.pdf', mime: 'application/pdf', contentBase64: pdf }],
    });
    say(`ACK ${r.localRef}`);
  } catch (err) {
    say(`ERR ${err instanceof Error ? err.message : String(err)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // Leave the delivery loop some room between submissions.
  await new Promise((r) => setTimeout(r, 5));
}
