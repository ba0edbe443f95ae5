/**
 * `npx tsx test/bench/card.ts`: CCCD read time and APDU count against the vicc virtual chip over
 * real PC/SC (BAC required), beside the least possible count for the reader's maximum read size
 * (0xDF plain bytes per short SM READ BINARY). Prints numbers, asserts none.
 *
 *   A. DG1 + DG13                      (EF.COM and EF.SOD too: what the kiosk reads without a photo)
 *   B. DG1 + DG2 (15 KB JPEG) + DG13   (the full identity read)
 * Also: the same reads on the in-process simulator chip, passive authentication time, and the
 * time to turn a JPEG 2000 face (made by OpenJPEG through Pillow) into the JPEG the screen shows.
 */
import { X509Certificate } from 'node:crypto';
import {
  faceToJpeg,
  candidatesFromMrz,
  createDemoCard,
  createPcscTransport,
  createSimulatedReader,
  passiveAuthenticate,
  readCard,
  type CardConnection,
  type CardFile,
} from '../../drivers/idcard';
import { parseMrz } from '../../drivers/idcard/protocol';
import { buildDg2, buildEfCom } from '../../drivers/idcard/sim/files';
import { buildSod, createPki } from '../../drivers/idcard/sim/pki';
import { FID } from '../../drivers/idcard/simulator';
import { makeJpeg, makeJpeg2000 } from '../fixtures/cccd/photo';
import { startPcscd, startVicc, viccUnavailable, VICC_READER } from '../fixtures/cccd/vicc';

const RUNS = Number(process.env.CARD_BENCH_RUNS ?? 10);
const pki = createPki('ecdsa-sha256', 'VN', 'BENCH');
const csca = new X509Certificate(Buffer.from(pki.cscaCertificate));

function cardFiles(withPhoto: boolean) {
  const demo = createDemoCard({ pki, withFace: false });
  const files = new Map(demo.chip.files);
  const dgs = new Map<number, Uint8Array>([
    [1, files.get(FID.DG1) as Uint8Array],
    [13, files.get(FID.DG13) as Uint8Array],
  ]);
  if (withPhoto) {
    const dg2 = buildDg2(makeJpeg(15_000), 320, 400);
    files.set(FID.DG2, dg2);
    dgs.set(2, dg2);
  }
  files.set(FID.COM, buildEfCom([...dgs.keys()].sort((a, b) => a - b)));
  files.set(FID.SOD, buildSod({ dataGroups: dgs, signerCertificate: pki.dsCertificate, signerKey: pki.dsKey.privateKey, kind: pki.kind }));
  return { demo, files, dgs };
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const p = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
  return `median ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms, min ${(s[0] as number).toFixed(1)} ms`;
}

async function measure(label: string, connect: () => Promise<CardConnection>, mrz: string, files: readonly CardFile[]) {
  const parsed = parseMrz(mrz);
  if (!parsed.ok) throw new Error('bad MRZ');
  const keys = candidatesFromMrz(parsed.mrz);
  const times: number[] = [];
  const paTimes: number[] = [];
  let apdus = 0;
  let reads = 0;
  let least = 0;
  let bytes = 0;
  let pa = '';
  for (let i = 0; i < RUNS; i++) {
    const conn = await connect();
    const r = await readCard(conn, { keys, files });
    await conn.close();
    times.push(r.ms);
    apdus = r.apduCount;
    reads = r.readCount;
    const sizes = Object.values(r.files).map((f) => f?.length ?? 0);
    bytes = sizes.reduce((a, b) => a + b, 0);
    // The least READ BINARY count at 0xDF per command: ceil(size / 223) per file.
    least = sizes.reduce((n, s) => n + Math.ceil(s / 0xdf), 0);
    const dgs = new Map<number, Uint8Array>();
    for (const [k, n] of [
      ['DG1', 1],
      ['DG2', 2],
      ['DG13', 13],
    ] as const)
      if (r.files[k]) dgs.set(n, r.files[k] as Uint8Array);
    const t = performance.now();
    pa = passiveAuthenticate({ sod: r.files.SOD, dataGroups: dgs, csca: [csca] }).text;
    paTimes.push(performance.now() - t);
  }
  console.log(`${label}`);
  console.log(`  ${bytes} bytes in ${files.join(', ')}`);
  console.log(`  APDUs: ${apdus} (SELECT 1 + BAC 2 + READ BINARY ${reads}; least READ BINARY at 0xDF/APDU: ${least})`);
  console.log(`  read time over ${RUNS} runs: ${stats(times)}`);
  console.log(`  passive authentication: ${pa}, ${stats(paTimes)}`);
}

async function main() {
  const a = cardFiles(false);
  const b = cardFiles(true);
  const filesA: CardFile[] = ['COM', 'DG1', 'DG13', 'SOD'];
  const filesB: CardFile[] = ['COM', 'DG1', 'DG2', 'DG13', 'SOD'];

  console.log('== simulator chip (in process, no PC/SC) ==');
  for (const [label, card, files] of [
    ['A. DG1 + DG13', a, filesA],
    ['B. DG1 + DG2 (15 KB) + DG13', b, filesB],
  ] as const) {
    const sim = createSimulatedReader({ latencyMs: 0 });
    sim.insert({ ...card.demo.chip, files: card.files });
    await measure(label, () => sim.waitForCard({ timeoutMs: 100 }), card.demo.chip.mrz, files);
  }

  console.log('\n== JPEG 2000 face to the JPEG on screen (OpenJPEG wasm + jpeg-js, JPEG quality 90) ==');
  for (const [w, h, rate] of [
    [320, 400, 20],
    [480, 640, 20],
    [480, 640, 0],
  ] as const) {
    let bytes: Uint8Array;
    try {
      bytes = makeJpeg2000({ container: 'jp2', width: w, height: h, noise: true, ...(rate ? { rate } : {}) });
    } catch (e) {
      console.log(`  not run: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      break;
    }
    const times: number[] = [];
    let out = 0;
    for (let i = 0; i < RUNS + 1; i++) {
      const r = await faceToJpeg({ format: 'jp2', mimeType: 'image/jp2', bytes });
      if (i > 0) times.push(r.ms);
      else if (w === 320) console.log(`  first call, loading the module included: ${r.ms.toFixed(0)} ms`);
      out = r.jpeg.length;
    }
    times.sort((x, y) => x - y);
    const p = (q: number): string => (times[Math.min(times.length - 1, Math.floor(q * times.length))] as number).toFixed(0);
    console.log(`  ${w}×${h} ${rate ? `lossy 1:${rate}` : 'lossless'}, ${bytes.length} B JP2 → ${out} B JPEG: median ${p(0.5)} ms, p95 ${p(0.95)} ms`);
  }

  const why = viccUnavailable();
  if (why) {
    console.log(`\n== vicc over PC/SC: not run (${why}) ==`);
    return;
  }
  console.log('\n== vicc virtual chip over real PC/SC (pcscd + vpcd), BAC required ==');
  const pcscd = await startPcscd();
  try {
    for (const [label, card, files] of [
      ['A. DG1 + DG13', a, filesA],
      ['B. DG1 + DG2 (15 KB) + DG13', b, filesB],
    ] as const) {
      const vicc = await startVicc({ mrz: card.demo.chip.mrz, files: card.files });
      const transport = createPcscTransport();
      try {
        await measure(label, () => transport.waitForCard({ reader: VICC_READER, timeoutMs: 5000 }), card.demo.chip.mrz, files);
      } finally {
        await transport.close();
        await vicc.stop();
      }
    }
  } finally {
    await pcscd.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
