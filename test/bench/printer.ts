/**
 * `npx tsx test/bench/printer.ts`: prints numbers, asserts none.
 *
 * Bytes per queue ticket and per receipt slip, in code-page mode (epson-80, WPC1258), raster
 * mode (generic-80-raster) and user-defined-character mode (generic-80-udc), the time each takes on a serial line at 9600 and 115200 baud
 * (computed: 10 bits a byte, 8N1), and the same for receiptline's ESC/POS output of the same
 * ticket. Then the same jobs written over a socat PTY pair with the real serialport: a PTY does
 * not pace bytes by baud rate, so that measures only the host side (serialport, tcdrain).
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { PRINTER_PROFILES, type PrinterProfile } from '../../drivers/printer/profiles';
import { layoutDocument } from '../../drivers/printer/layout';
import { renderEscPos } from '../../drivers/printer/render';
import { SerialTransport } from '../../drivers/printer/transport';
import { SimulatedPrinter } from '../../drivers/printer/simulator';
import { receiptDocument, ticketDocument } from '../../main/services/printing/templates';
import { serialFakePrinter } from '../fixtures/printer/peers';
import { createPtyPair } from '../support/pty';

const require = createRequire(import.meta.url);
const receiptline = require('receiptline') as { transform(doc: string, printer: Record<string, unknown>): string };

const fixture = (n: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/printer/${n}.json`, import.meta.url), 'utf8'));
const URLS = { trackingUrl: 'https://dichvucong.gov.vn/tra-cuu-ho-so/', queueUrl: 'https://dichvucong.gov.vn/xep-hang/' };
const ticketData = fixture('ticket') as Record<string, string | number>;

const jobs: { name: string; bytes: Uint8Array; note?: string }[] = [];
for (const [mode, id] of [
  ['code page', 'epson-80'],
  ['raster', 'generic-80-raster'],
  ['user-defined characters', 'generic-80-udc'],
] as const) {
  const p = PRINTER_PROFILES[id] as PrinterProfile;
  const t0 = performance.now();
  const ticket = renderEscPos(layoutDocument(ticketDocument(ticketData, URLS), p.paper.columns), p).bytes;
  const t1 = performance.now();
  const receipt = renderEscPos(layoutDocument(receiptDocument(fixture('receipt'), URLS), p.paper.columns), p).bytes;
  const t2 = performance.now();
  jobs.push({ name: `ticket, ${mode}`, bytes: ticket, note: `render ${(t1 - t0).toFixed(0)} ms` });
  jobs.push({ name: `receipt, ${mode}`, bytes: receipt, note: `render ${(t2 - t1).toFixed(0)} ms` });
}

// The same ticket in ReceiptLine markdown (cp1258 is not among its encodings: Vietnamese letters
// outside its code pages do not print correctly; the byte count is what matters here).
const rl = [
  `"^${String(ticketData.centerName).toUpperCase()}`,
  '===',
  '|SỐ THỨ TỰ CỦA ÔNG/BÀ|',
  `|^^^${ticketData.number}|`,
  '',
  `Dịch vụ: ${ticketData.service}`,
  `Quầy: ${ticketData.counter}`,
  `Số người đang chờ trước ông/bà | ${ticketData.peopleAhead}`,
  `Thời gian chờ dự kiến | khoảng ${ticketData.estimatedWaitMinutes} phút`,
  'Giờ lấy số | 09:05 14/03/2026',
  '---',
  '|Quét mã để theo dõi lượt của ông/bà|',
  `{code:${URLS.queueUrl}${ticketData.number}; option:qrcode,5,m}`,
  '|Vui lòng chú ý màn hình và loa gọi số.|',
].join('\n');
{
  const t0 = performance.now();
  const out = Buffer.from(receiptline.transform(rl, { cpl: 48, encoding: 'multilingual', command: 'escpos', cutting: true }), 'latin1');
  const ms = (performance.now() - t0).toFixed(0);
  // letters it cannot encode come out as '?': count them in the text it sent
  const lost = (out.toString('latin1').match(/[A-Za-z]\?|\?[a-z]/g) ?? []).length;
  jobs.push({ name: 'ticket, receiptline (escpos)', bytes: new Uint8Array(out), note: `render ${ms} ms; ~${lost} letters printed as '?'` });
}

const secs = (bytes: number, baud: number): string => `${((bytes * 10) / baud).toFixed(2)} s`;
const pad = (s: string, n: number): string => s.padEnd(n);
console.log('\nPrinter job sizes and serial send times (computed, 10 bits/byte)\n');
console.log(`${pad('job', 38)}${pad('bytes', 10)}${pad('9600 baud', 12)}${pad('115200 baud', 13)}notes`);
for (const j of jobs) {
  console.log(
    `${pad(j.name, 38)}${pad(String(j.bytes.length), 10)}${pad(secs(j.bytes.length, 9600), 12)}${pad(secs(j.bytes.length, 115200), 13)}${j.note ?? ''}`,
  );
}

// Measured over a PTY pair (host-side cost only).
if (spawnSync('socat', ['-h'], { stdio: 'ignore' }).error) {
  console.log('\n(socat not installed: PTY measurement skipped)');
} else {
  console.log('\nWritten over a socat PTY pair with serialport (write + tcdrain; a PTY ignores the baud rate)\n');
  for (const baud of [9600, 115200]) {
    const pty = await createPtyPair();
    const sim = new SimulatedPrinter({ codePage: (PRINTER_PROFILES['epson-80'] as PrinterProfile).codePage });
    const link = await serialFakePrinter(pty.peerPath, sim, baud);
    const t = new SerialTransport({ path: pty.devicePath, baudRate: baud });
    await t.open();
    for (const j of jobs.slice(0, 4)) {
      const before = link.received;
      const t0 = performance.now();
      await t.write(j.bytes);
      while (link.received - before < j.bytes.length) await new Promise((r) => setTimeout(r, 1));
      console.log(`${pad(`${j.name} @ ${baud}`, 38)}${(performance.now() - t0).toFixed(1)} ms to the far end`);
    }
    await t.close();
    await link.close();
    await pty.close();
  }
}
