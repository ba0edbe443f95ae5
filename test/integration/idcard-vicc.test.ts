/**
 * The CCCD reader against a real PC/SC stack: pcscd + vpcd + vicc (an independent ICAO 9303
 * chip emulator, ../shared/peers/vicc) with --require-bac. Our own card files (DG1, DG2, DG13,
 * EF.COM, EF.SOD signed by a CSCA → DS chain made here) are served through vicc's --files.
 * The chip tests run one after another (one virtual slot) on one pcscd for the file, each chip
 * gone from the reader before the next starts (test/fixtures/cccd/vicc.ts says why). In CI a
 * missing peer fails.
 */
import { X509Certificate } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CardReadError,
  candidatesFromDates,
  candidatesFromMrz,
  candidatesFromQr,
  createDemoCard,
  createPcscTransport,
  passiveAuthenticate,
  parseChip,
  readCard,
  type CardReaderTransport,
  type ReaderEvent,
} from '../../drivers/idcard';
import { parseMrz, minimumReads } from '../../drivers/idcard/protocol';
import { buildDg1, buildDg13, buildDg2, buildEfCom, buildTd1 } from '../../drivers/idcard/sim/files';
import { buildSod, createPki, toPem } from '../../drivers/idcard/sim/pki';
import { FID } from '../../drivers/idcard/simulator';
import { parseCccdQr } from '../../main/services/scan/cccd';
import { makeJpeg, makeJpeg2000 } from '../fixtures/cccd/photo';
import { startPcscd, startVicc, viccUnavailable, VICC_READER, type PcscdHandle, type ViccHandle } from '../fixtures/cccd/vicc';
import { requirePeer } from '../support/peers';

const hasVicc = requirePeer('pcscd/vicc', viccUnavailable() ?? true, 'apt-get install pcscd vsmartcard-vpcd vsmartcard-vpicc');

const pki = createPki('ecdsa-sha256', 'VN', 'TEST');
const csca = new X509Certificate(Buffer.from(pki.cscaCertificate));
const photo = makeJpeg(15_000);

/** A card whose EF.SOD covers `signed` DGs while the chip serves `served` (for tampering). */
function card(opts: { served?: Partial<Record<1 | 2 | 13, Uint8Array>>; withPhoto?: boolean | Uint8Array; td1?: Parameters<typeof buildTd1>[0] } = {}) {
  const demo = createDemoCard({ pki, withFace: false, ...(opts.td1 ? { td1: opts.td1 } : {}) });
  const files = new Map(demo.chip.files);
  const signed = new Map<number, Uint8Array>([
    [1, files.get(FID.DG1) as Uint8Array],
    [13, files.get(FID.DG13) as Uint8Array],
  ]);
  if (opts.withPhoto) {
    const dg2 = buildDg2(opts.withPhoto === true ? photo : opts.withPhoto, 320, 400);
    files.set(FID.DG2, dg2);
    signed.set(2, dg2);
    files.set(FID.COM, buildEfCom([1, 2, 13]));
  }
  files.set(FID.SOD, buildSod({ dataGroups: signed, signerCertificate: pki.dsCertificate, signerKey: pki.dsKey.privateKey, kind: pki.kind }));
  if (opts.served?.[1]) files.set(FID.DG1, opts.served[1]);
  if (opts.served?.[13]) files.set(FID.DG13, opts.served[13]);
  return { demo, files };
}

let pcscd: PcscdHandle | undefined;
let vicc: ViccHandle | undefined;
let transport: CardReaderTransport | undefined;
beforeAll(async () => {
  if (hasVicc) pcscd = await startPcscd();
});
afterEach(async () => {
  await transport?.close();
  transport = undefined;
  await vicc?.stop();
  vicc = undefined;
});

function mrzKeys(mrz: string) {
  const p = parseMrz(mrz);
  if (!p.ok) throw new Error('bad test MRZ');
  return candidatesFromMrz(p.mrz);
}

function dgMap(files: Partial<Record<string, Uint8Array>>): Map<number, Uint8Array> {
  const m = new Map<number, Uint8Array>();
  for (const [k, n] of [
    ['DG1', 1],
    ['DG2', 2],
    ['DG13', 13],
  ] as const)
    if (files[k]) m.set(n, files[k] as Uint8Array);
  return m;
}

describe.skipIf(!hasVicc)('CCCD over real PC/SC (vicc, BAC required)', () => {
  it('reports the card arriving and leaving as reader events', async () => {
    const { demo, files } = card();
    transport = createPcscTransport();
    const events: ReaderEvent[] = [];
    transport.on((e) => events.push(e));
    vicc = await startVicc({ mrz: demo.chip.mrz, files });
    const conn = await transport.waitForCard({ reader: VICC_READER, timeoutMs: 5000 });
    expect(conn.reader).toBe(VICC_READER);
    expect(['T=0', 'T=1']).toContain(conn.protocol);
    expect(events.some((e) => e.type === 'reader-added' && e.reader === VICC_READER)).toBe(true);
    expect(events.some((e) => e.type === 'card-inserted' && e.reader === VICC_READER)).toBe(true);
    await conn.close();
    vicc.killChip();
    await expect.poll(() => events.some((e) => e.type === 'card-removed' && e.reader === VICC_READER), { timeout: 5000 }).toBe(true);
  });

  it('does BAC and reads EF.COM, DG1, DG2 (15 KB photo), DG13 and EF.SOD in the fewest APDUs; passive authentication verified', async () => {
    const { demo, files } = card({ withPhoto: true });
    vicc = await startVicc({ mrz: demo.chip.mrz, files });
    transport = createPcscTransport();
    const conn = await transport.waitForCard({ reader: VICC_READER, timeoutMs: 5000 });
    const r = await readCard(conn, { keys: mrzKeys(demo.chip.mrz) });
    await conn.close();
    expect(r.key.source).toBe('mrz');
    for (const [name, fid] of [
      ['COM', FID.COM],
      ['DG1', FID.DG1],
      ['DG2', FID.DG2],
      ['DG13', FID.DG13],
      ['SOD', FID.SOD],
    ] as const) {
      expect(Buffer.from(r.files[name] as Uint8Array).equals(Buffer.from(files.get(fid) as Uint8Array)), name).toBe(true);
    }
    // One READ BINARY per 0xDF bytes of each file (the first by SFI, no SELECT): the least possible.
    const least = ['COM', 'DG1', 'DG2', 'DG13', 'SOD'].reduce((n, k) => n + Math.ceil((r.files[k as 'COM']?.length ?? 0) / 0xdf), 0);
    expect(r.readCount).toBe(least);
    expect(r.apduCount).toBe(1 + 2 + least);
    expect(least).toBeLessThanOrEqual(['COM', 'DG1', 'DG2', 'DG13', 'SOD'].reduce((n, k) => n + minimumReads(r.files[k as 'COM']?.length ?? 0), 0));

    const chip = parseChip({ dg1: r.files.DG1, dg2: r.files.DG2, dg13: r.files.DG13 });
    expect(chip.problems).toEqual([]);
    expect(chip.dg13?.fullName).toBe('NGUYỄN VĂN AN');
    expect(chip.mrz?.vietnam?.personalId).toBe('001090000001');
    expect(chip.face?.format).toBe('jpeg');
    expect(Buffer.from(chip.face?.bytes as Uint8Array).equals(Buffer.from(photo))).toBe(true);

    const pa = passiveAuthenticate({ sod: r.files.SOD, dataGroups: dgMap(r.files), csca: [csca] });
    expect(pa.status).toBe('verified');
    expect(pa.checked).toEqual([1, 2, 13]);
    const untrusted = passiveAuthenticate({ sod: r.files.SOD, dataGroups: dgMap(r.files), csca: [] });
    expect(untrusted.status).toBe('not-trusted');
    expect(untrusted.text).toBe('hashes ok, signer not trusted');
  });

  it('catches a DG1 that differs from the signed one, and a tampered DG13 (hash mismatch)', async () => {
    const other = buildDg1(
      buildTd1({ personalId: '001090000002', birthYymmdd: '900101', sex: 'M', expiryYymmdd: '300101', surname: 'NGUYEN', givenNames: 'VAN AN' }),
    );
    const tampered = buildDg13({ personalId: '001090000001', fullName: 'NGUYỄN VĂN ANH', birthDate: '01/01/1990', sex: 'Nam' });
    const { demo, files } = card({ served: { 1: other, 13: tampered } });
    vicc = await startVicc({ mrz: demo.chip.mrz, files });
    transport = createPcscTransport();
    const conn = await transport.waitForCard({ reader: VICC_READER, timeoutMs: 5000 });
    const r = await readCard(conn, { keys: mrzKeys(demo.chip.mrz), files: ['COM', 'DG1', 'DG13', 'SOD'] });
    await conn.close();
    const pa = passiveAuthenticate({ sod: r.files.SOD, dataGroups: dgMap(r.files), csca: [csca] });
    expect(pa.status).toBe('hash-mismatch');
    expect(pa.mismatched).toEqual([1, 13]);
    expect(pa.text).toBe('hash mismatch (DG1, DG13)');
  });

  it('fails BAC cleanly with wrong dates, then finds the key among the QR-derived expiry candidates', async () => {
    // The chip's MRZ says the card expires the day before the 40th birthday: the second candidate.
    const { demo, files } = card({
      td1: { personalId: '001090000001', birthYymmdd: '900101', sex: 'M', expiryYymmdd: '291231', surname: 'NGUYEN', givenNames: 'VAN AN' },
    });
    vicc = await startVicc({ mrz: demo.chip.mrz, files });
    transport = createPcscTransport();
    const conn = await transport.waitForCard({ reader: VICC_READER, timeoutMs: 5000 });
    const wrong = candidatesFromDates({ personalId: '001090000001', birthDate: '1990-01-02', expiryDate: '2030-01-01' });
    const err = await readCard(conn, { keys: wrong }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CardReadError);
    expect((err as CardReadError).code).toBe('bac-failed');

    const qr = parseCccdQr(demo.qrText);
    if (!qr.ok) throw new Error('demo QR does not parse');
    const keys = candidatesFromQr(qr.value);
    const r = await readCard(conn, { keys, files: ['COM', 'DG1', 'DG13', 'SOD'] });
    await conn.close();
    expect(r.key).toEqual({ source: 'qr', label: 'derived expiry, day before', index: 1 });
    expect(parseChip({ dg13: r.files.DG13 }).dg13?.personalId).toBe('001090000001');
  });

  it('gives a clean card-removed error when the card leaves in the middle of a read', async () => {
    const { demo, files } = card({ withPhoto: true });
    vicc = await startVicc({ mrz: demo.chip.mrz, files });
    transport = createPcscTransport();
    const conn = await transport.waitForCard({ reader: VICC_READER, timeoutMs: 5000 });
    let killed = false;
    const handle = vicc;
    const err = await readCard(conn, {
      keys: mrzKeys(demo.chip.mrz),
      onProgress: (p) => {
        if (p.file === 'DG2' && (p.bytes ?? 0) > 2000 && !killed) {
          killed = true;
          handle.killChip();
        }
      },
    }).catch((e: unknown) => e);
    await conn.close();
    expect(killed).toBe(true);
    expect(err).toBeInstanceOf(CardReadError);
    expect({ code: (err as CardReadError).code, message: (err as CardReadError).message }).toMatchObject({ code: 'card-removed' });
  });

  it('a second chip while one is in the reader is refused, naming the peer and what it waits for', async () => {
    const { demo, files } = card();
    vicc = await startVicc({ mrz: demo.chip.mrz, files });
    await expect(startVicc({ mrz: demo.chip.mrz, files })).rejects.toThrow(/^vicc peer not ready: a card is still in "Virtual PCD 00 00"/);
    await vicc.stop();
    vicc = undefined;
    // Once stopped, pcscd has seen the card leave: the next chip starts at once.
    vicc = await startVicc({ mrz: demo.chip.mrz, files });
    transport = createPcscTransport();
    const conn = await transport.waitForCard({ reader: VICC_READER, timeoutMs: 5000 });
    await conn.close();
  });

  it('the technician CLI reads the card (JPEG 2000 face) and prints masked JSON with the verification result', async () => {
    const { demo, files } = card({ withPhoto: makeJpeg2000({ container: 'jp2', width: 320, height: 400, noise: true, rate: 20 }) });
    vicc = await startVicc({ mrz: demo.chip.mrz, files });
    const trust = mkdtempSync(join(tmpdir(), 'csca-'));
    writeFileSync(join(trust, 'test-csca.pem'), toPem(pki.cscaCertificate));
    const config = join(trust, 'site.json');
    writeFileSync(config, JSON.stringify({ devices: { cardReader: { kind: 'pcsc', reader: 'Virtual PCD 00 00', cscaDir: trust } } }));
    try {
      const { stdout } = await promisify(execFile)(
        'npx',
        ['tsx', 'main/cli/index.ts', 'card', 'read', '--config', config, '--mrz', demo.mrzText.replace(/\n/g, '')],
        {
          encoding: 'utf8',
          env: { ...process.env, KIOSK_CONFIG: '' },
        },
      );
      const out = JSON.parse(stdout) as {
        fields: Record<string, string> & { face: { format: string; width: number; display: { shown: boolean; convertedMs: number } } };
        verification: { status: string; checked: string[] };
        apduCount: number;
        readMs: number;
      };
      expect(out.verification.status).toBe('verified');
      expect(out.verification.checked).toEqual(['DG1', 'DG2', 'DG13']);
      expect(out.fields.face).toMatchObject({ format: 'jp2', width: 320, display: { shown: true } });
      expect(out.fields.face.display.convertedMs).toBeGreaterThan(0);
      expect(out.fields.personalId).toBe('0010******01');
      expect(out.fields.fullName).not.toContain('NGUYỄN VĂN AN');
      expect(out.apduCount).toBeGreaterThan(3);
      expect(typeof out.readMs).toBe('number');
      expect(stdout).not.toContain('001090000001');
    } finally {
      rmSync(trust, { recursive: true, force: true });
    }
  });
});

afterAll(async () => {
  await vicc?.stop();
  await pcscd?.stop();
});
