/**
 * What a printer without a Vietnamese code page prints from the user-defined-character ticket,
 * read by code we did not write: the job goes through the simulated printer, its lines are drawn
 * dot for dot from the glyphs the bytes define (the ASCII letters, which a real printer draws with
 * its own font, from the bundled font at the same 12 x 24 cell), and Debian's tesseract with its
 * Vietnamese model reads the picture. In CI a missing tesseract fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layoutDocument } from '../../drivers/printer/layout';
import { PRINTER_PROFILES } from '../../drivers/printer/profiles';
import { createBitmap, getPixel, setPixel, type Bitmap } from '../../drivers/printer/protocol/escpos';
import { bitmapToPng, renderGlyphCell } from '../../drivers/printer/raster';
import { renderEscPos } from '../../drivers/printer/render';
import { SimulatedPrinter, type SimulatedJob } from '../../drivers/printer/simulator';
import { ticketDocument } from '../../main/services/printing/templates';
import { binaryRuns, requirePeer } from '../support/peers';

const hasTesseract = requirePeer('tesseract', binaryRuns('tesseract', ['--version']), 'apt-get install tesseract-ocr tesseract-ocr-vie');
const dir = mkdtempSync(join(tmpdir(), 'printer-udc-ocr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const UDC = PRINTER_PROFILES['generic-80-udc']!;
const SCALE = 3;
const LINE = 30;

/** The job's text lines as the printer draws them, SCALE times larger (tesseract reads 12 x 24 cells poorly). */
function picture(job: SimulatedJob): Bitmap {
  const lines = job.lines.filter((l) => l.trim() !== '' && !/^[=-]+$/.test(l));
  const img = createBitmap(UDC.paper.dots * SCALE, lines.length * LINE * SCALE);
  lines.forEach((line, row) => {
    [...line].forEach((ch, col) => {
      const cp = ch.codePointAt(0)!;
      const glyph = cp >= 0xe000 ? job.userChars.get(cp - 0xe000) : ch === ' ' ? undefined : renderGlyphCell(ch, false);
      if (!glyph) return;
      for (let y = 0; y < 24; y++) {
        for (let x = 0; x < 12; x++) {
          if (!getPixel(glyph, x, y)) continue;
          for (let d = 0; d < SCALE * SCALE; d++) setPixel(img, (col * 12 + x) * SCALE + (d % SCALE), (row * LINE + 3 + y) * SCALE + Math.floor(d / SCALE));
        }
      }
    });
  });
  return img;
}

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

const squeeze = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

describe.skipIf(!hasTesseract)('a user-defined-character ticket read by tesseract (vie)', () => {
  it('reads the Vietnamese text it was given, letter for letter, to within a few letters', () => {
    const layout = layoutDocument(
      ticketDocument(JSON.parse(readFileSync(new URL('../fixtures/printer/ticket.json', import.meta.url), 'utf8')), {
        queueUrl: 'https://dvc.example.vn/xep-hang/',
      }),
      UDC.paper.columns,
    );
    const sim = new SimulatedPrinter({ codePage: UDC.codePage });
    let job: SimulatedJob | undefined;
    sim.on('job', (j) => (job = j));
    sim.write(renderEscPos(layout, UDC).bytes);
    const file = join(dir, 'ticket.png');
    writeFileSync(file, bitmapToPng(picture(job!)));
    const read = squeeze(execFileSync('tesseract', [file, 'stdout', '-l', 'vie', '--psm', '6'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    const expected = squeeze(
      layout.items
        .filter((i) => i.type === 'line' && i.text.trim() !== '' && !/^[=-]+$/.test(i.text.trim()))
        .map((i) => (i.type === 'line' ? i.text : ''))
        .join('\n'),
    );
    const accuracy = 1 - levenshtein(read, expected) / expected.length;
    process.stdout.write(`tesseract on the user-defined-character ticket: ${(accuracy * 100).toFixed(1)} % of ${expected.length} characters\n`);
    expect(accuracy, `read:\n${read}\nexpected:\n${expected}`).toBeGreaterThanOrEqual(0.9);
    for (const words of ['SỐ THỨ TỰ CỦA ÔNG/BÀ', 'PHƯỜNG BA ĐÌNH', 'Chứng thực', 'Số người đang chờ trước', 'Thời gian chờ dự kiến'])
      expect(read).toContain(words);
  });
});
