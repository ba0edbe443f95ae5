/**
 * The read state machine against the simulator's virtual chip (the same chip-side ICAO code the
 * demo uses; the real-chip tests are in test/integration/idcard-vicc.test.ts): fewest APDUs,
 * BAC candidates, wrong card, broken card (bad MAC), card removed, extended length; the T=0
 * status handling; PC/SC error mapping; cross-check of the sources.
 */
import { describe, expect, it } from 'vitest';
import {
  CardReadError,
  buildIdentity,
  candidatesFromDates,
  candidatesFromMrz,
  candidatesFromQr,
  createDemoCard,
  createSimulatedReader,
  crossCheck,
  idDigitsAgree,
  parseChip,
  pcscError,
  readCard,
  transmitT0,
  VirtualChip,
  type CardConnection,
} from '../../drivers/idcard';
import { parseMrz } from '../../drivers/idcard/protocol';
import { buildDg13, buildEfCom, buildTd1 } from '../../drivers/idcard/sim/files';
import { FID } from '../../drivers/idcard/simulator';
import { MrzLineAssembler } from '../../drivers/idcard/transport/serial-mrz';
import { parseCccdQr } from '../../main/services/scan/cccd';

const demo = createDemoCard();
const mrzKeys = () => {
  const m = parseMrz(demo.chip.mrz);
  if (!m.ok) throw new Error('demo MRZ invalid');
  return candidatesFromMrz(m.mrz);
};

async function connect(card = demo.chip, latencyMs = 0) {
  const sim = createSimulatedReader({ latencyMs });
  sim.insert(card);
  return { sim, conn: await sim.waitForCard({ timeoutMs: 100 }) };
}

function codeOf(e: unknown): string {
  expect(e).toBeInstanceOf(CardReadError);
  return (e as CardReadError).code;
}

describe('readCard on the virtual chip', () => {
  it('reads every file in ceil(size / 0xDF) READ BINARY commands after SELECT + BAC', async () => {
    const { conn } = await connect();
    const r = await readCard(conn, { keys: mrzKeys() });
    const sizes = (['COM', 'DG1', 'DG2', 'DG13', 'SOD'] as const).map((k) => r.files[k]?.length ?? 0);
    const least = sizes.reduce((n, s) => n + Math.ceil(s / 0xdf), 0);
    expect(r.readCount).toBe(least);
    expect(r.apduCount).toBe(3 + least);
    expect(Buffer.from(r.files.DG13 as Uint8Array).equals(Buffer.from(demo.chip.files.get(FID.DG13) as Uint8Array))).toBe(true);
    expect(r.absent).toEqual([]);
  });

  it('uses fewer APDUs with extended length when the reader supports it', async () => {
    const chip = new VirtualChip({ ...demo.chip, extendedLength: true });
    const conn: CardConnection = {
      reader: 'x',
      protocol: 'T=1',
      atr: new Uint8Array(0),
      extendedLength: true,
      transmit: async (a) => chip.process(a),
      close: async () => {},
    };
    const r = await readCard(conn, { keys: mrzKeys(), maxChunk: 4096 });
    expect(r.chunk).toBe(4096);
    expect(r.readCount).toBe(5); // one READ BINARY per file
    // The same chip without extended length refuses the long APDU cleanly.
    const shortChip = new VirtualChip(demo.chip);
    const shortConn = { ...conn, transmit: async (a: Uint8Array) => shortChip.process(a) };
    expect(codeOf(await readCard(shortConn, { keys: mrzKeys(), maxChunk: 4096 }).catch((e) => e))).toBe('broken-card');
  });

  it('skips DGs that EF.COM does not list, and reports them absent', async () => {
    const files = new Map(demo.chip.files);
    files.delete(FID.DG2);
    files.set(FID.COM, buildEfCom([1, 13]));
    const { conn } = await connect({ ...demo.chip, files });
    const r = await readCard(conn, { keys: mrzKeys() });
    expect(r.absent).toEqual(['DG2']);
    expect(r.files.DG2).toBeUndefined();
  });

  it('tries the next key candidate after a refused one, and fails with bac-failed when none fits', async () => {
    const qr = parseCccdQr(demo.qrText);
    if (!qr.ok) throw new Error('demo QR invalid');
    const wrong = candidatesFromDates({ personalId: '001090000001', birthDate: '1990-01-01', expiryDate: '2031-01-01' });
    const { conn } = await connect();
    const r = await readCard(conn, { keys: [...wrong, ...candidatesFromQr(qr.value)], files: ['DG1'] });
    expect(r.key).toEqual({ source: 'qr', label: 'derived expiry', index: 1 });
    expect(codeOf(await readCard(conn, { keys: wrong }).catch((e) => e))).toBe('bac-failed');
    expect(codeOf(await readCard(conn, { keys: [] }).catch((e) => e))).toBe('no-key');
  });

  it('says wrong-card for a card without the eMRTD application', async () => {
    const sim = createSimulatedReader({ latencyMs: 0 });
    sim.fault({ kind: 'wrong-card' });
    sim.insert(demo.chip);
    const conn = await sim.waitForCard({ timeoutMs: 100 });
    expect(codeOf(await readCard(conn, { keys: mrzKeys() }).catch((e) => e))).toBe('wrong-card');
  });

  it('says broken-card when a response MAC is wrong', async () => {
    const { conn } = await connect({ ...demo.chip, badMac: true });
    const e = await readCard(conn, { keys: mrzKeys() }).catch((x) => x);
    expect(codeOf(e)).toBe('broken-card');
    expect((e as Error).message).toContain('MAC');
  });

  it('says card-removed when the card leaves in the middle of a read', async () => {
    const { sim, conn } = await connect();
    sim.fault({ kind: 'remove-after', apdus: 10 });
    expect(codeOf(await readCard(conn, { keys: mrzKeys() }).catch((e) => e))).toBe('card-removed');
    expect(sim.cardPresent()).toBe(false);
  });

  it('stops when the read is cancelled', async () => {
    const { conn } = await connect();
    const abort = new AbortController();
    abort.abort();
    expect(codeOf(await readCard(conn, { keys: mrzKeys(), signal: abort.signal }).catch((e) => e))).toBe('cancelled');
  });

  it('waits for a card and gives no-card after the timeout', async () => {
    const sim = createSimulatedReader({ latencyMs: 0 });
    expect(codeOf(await sim.waitForCard({ timeoutMs: 20 }).catch((e) => e))).toBe('no-card');
    setTimeout(() => sim.insert(demo.chip), 10);
    expect((await sim.waitForCard({ timeoutMs: 1000 })).reader).toBe('Simulated CCCD reader');
    expect(codeOf(await sim.waitForCard({ reader: 'ACR', timeoutMs: 10 }).catch((e) => e))).toBe('no-reader');
  });
});

describe('T=0 and PC/SC errors', () => {
  it('answers 61xx with GET RESPONSE and 6Cxx by resending with the right Le', async () => {
    const sent: string[] = [];
    const card = async (apdu: Uint8Array): Promise<Uint8Array> => {
      const hex = Buffer.from(apdu).toString('hex');
      sent.push(hex);
      if (hex === '00b0000010') return Uint8Array.of(0x6c, 0x04);
      if (hex === '00b0000004') return Uint8Array.of(1, 2, 3, 4, 0x90, 0x00);
      if (hex === '0084000008') return Uint8Array.of(0x61, 0x08);
      if (hex === '00c0000008') return Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9, 0x90, 0x00);
      return Uint8Array.of(0x6d, 0x00);
    };
    expect([...(await transmitT0(card, Uint8Array.of(0x00, 0xb0, 0, 0, 0x10)))]).toEqual([1, 2, 3, 4, 0x90, 0x00]);
    expect((await transmitT0(card, Uint8Array.of(0x00, 0x84, 0, 0, 8))).length).toBe(10);
    expect(sent).toEqual(['00b0000010', '00b0000004', '0084000008', '00c0000008']);
  });

  it('maps pcsclite error strings to typed errors', () => {
    expect(pcscError(new Error('SCardEstablishContext error: Service not available.(0x8010001d)')).code).toBe('no-service');
    expect(pcscError(new Error('SCardTransmit error: Card was removed.(0x80100069)')).code).toBe('card-removed');
    expect(pcscError(new Error('SCardConnect error: No smart card inserted.(0x8010000c)')).code).toBe('card-removed');
    expect(pcscError(new Error('SCardListReaders error: Cannot find a smart card reader.(0x8010002e)')).code).toBe('no-reader');
    expect(pcscError(new Error('weird')).code).toBe('transport');
  });

  /**
   * A short answer (no status word) means the card left the field or the card is broken; the
   * transport asks the card again instead of racing pcscd's status poll. A real reader cannot be
   * made to answer short on demand, so this stand-in for the pcsclite binding (a small mock: one
   * reader, one card) scripts the answers; over vicc the same path runs when the chip is killed.
   */
  describe('an answer shorter than a status word', () => {
    type Tx = (apdu: Buffer, cb: (err: unknown, data: Buffer) => void) => void;
    async function readAfterShortAnswer(probe: Tx, statusAfterMs?: number) {
      const { createPcscTransport } = await import('../../drivers/idcard/transport/pcsc');
      const { EventEmitter } = await import('node:events');
      const reader = Object.assign(new EventEmitter(), {
        name: 'Fake Reader 00',
        state: 0,
        connected: false,
        SCARD_SHARE_SHARED: 2,
        SCARD_PROTOCOL_T0: 1,
        SCARD_PROTOCOL_T1: 2,
        SCARD_STATE_PRESENT: 0x20,
        SCARD_STATE_EMPTY: 0x10,
        SCARD_LEAVE_CARD: 0,
        connect: (_o: unknown, cb: (e: unknown, p: number) => void) => cb(null, 2),
        disconnect: (_d: number, cb: (e: unknown) => void) => cb(null),
        close: () => {},
        sent: 0,
        transmit(apdu: Buffer, _len: number, _p: number, cb: (err: unknown, data: Buffer) => void) {
          this.sent++;
          if (this.sent === 1) {
            cb(null, Buffer.alloc(0));
            if (statusAfterMs !== undefined) setTimeout(() => reader.emit('status', { state: 0x10 }), statusAfterMs);
          } else probe(apdu, cb);
        },
      });
      const ctx = Object.assign(new EventEmitter(), { close: () => {} });
      const t = createPcscTransport({ load: () => () => ctx as never });
      t.on(() => {});
      ctx.emit('reader', reader);
      reader.emit('status', { state: 0x20, atr: Buffer.from([0x3b, 0x80]) });
      const conn = await t.waitForCard({ timeoutMs: 1000 });
      const err = await conn.transmit(Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0xdf)).catch((e: unknown) => e);
      await t.close();
      return { code: codeOf(err), probes: reader.sent - 1 };
    }

    it('is card-removed when the probe finds no card, without waiting for the status poll', async () => {
      const r = await readAfterShortAnswer((_a, cb) => cb(new Error('SCardTransmit error: Card was removed.(0x80100069)'), Buffer.alloc(0)));
      expect(r).toEqual({ code: 'card-removed', probes: 1 });
    });

    it('is broken-card when the card answers the probe', async () => {
      const r = await readAfterShortAnswer((_a, cb) => cb(null, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 0x90, 0x00])));
      expect(r).toEqual({ code: 'broken-card', probes: 1 });
    });

    it('is card-removed when the probe cannot tell and the status change comes late (slow poll under load)', async () => {
      const r = await readAfterShortAnswer((_a, cb) => cb(null, Buffer.alloc(0)), 1200);
      expect(r).toEqual({ code: 'card-removed', probes: 1 });
    });
  });

  it('reports a missing pcscd as no-service through the transport', async () => {
    const { createPcscTransport } = await import('../../drivers/idcard/transport/pcsc');
    const t = createPcscTransport({
      load: () => () => {
        throw new Error('SCardEstablishContext error: Service not available.(0x8010001d)');
      },
    });
    expect(codeOf(await t.waitForCard({ timeoutMs: 0 }).catch((e) => e))).toBe('no-service');
    await t.close();
  });
});

describe('cross-check of QR, MRZ and chip', () => {
  const qr = parseCccdQr(demo.qrText);
  if (!qr.ok) throw new Error('demo QR invalid');
  const chipOf = (over: Parameters<typeof createDemoCard>[0]) => {
    const c = createDemoCard(over);
    return parseChip({ dg1: c.chip.files.get(FID.DG1), dg13: c.chip.files.get(FID.DG13) });
  };

  it('accepts agreeing sources and merges them (name with diacritics from DG13)', () => {
    const chip = chipOf({});
    const m = parseMrz(demo.chip.mrz);
    expect(crossCheck({ chip, qr: qr.value, ...(m.ok ? { mrz: m.mrz } : {}) })).toEqual([]);
    const id = buildIdentity({ chip, qr: qr.value });
    expect(id.fullName).toBe('NGUYỄN VĂN AN');
    expect(id.birthDate).toBe('1990-01-01');
    expect(id.sources).toEqual(['chip', 'qr']);
  });

  it('refuses a different ID, birth date or sex, naming the field and the sources', () => {
    expect(crossCheck({ chip: chipOf({ dg13: { personalId: '001090000002' } }), qr: qr.value }).map((p) => p.field)).toContain('personalId');
    expect(crossCheck({ chip: chipOf({ dg13: { birthDate: '02/01/1990' } }), qr: qr.value }).map((p) => p.field)).toEqual(['birthDate']);
    const sex = crossCheck({ chip: chipOf({ td1: { sex: 'F' } }), qr: qr.value });
    expect(sex[0]?.field).toBe('sex');
    expect(sex[0]?.sources).toContain('chip-dg1');
  });

  it("checks the ID's century/sex digit against birth year and sex", () => {
    expect(idDigitsAgree('001090000001', 1990, 'male')).toBe(true);
    expect(idDigitsAgree('001190000001', 1990, 'male')).toBe(false); // 1 = female
    expect(idDigitsAgree('001290000001', 1990, 'male')).toBe(false); // 2 = 21st century
    expect(idDigitsAgree('001091000001', 1990, 'male')).toBe(false); // year digits
    const chip = parseChip({ dg13: buildDg13({ personalId: '001190000001', birthDate: '01/01/1990', sex: 'Nam' }) });
    expect(crossCheck({ chip }).map((p) => p.field)).toEqual(['idDigits']);
  });
});

describe('serial document reader lines', () => {
  const lines = buildTd1({ personalId: '001090000001', birthYymmdd: '900101', sex: 'M', expiryYymmdd: '300101', surname: 'NGUYEN', givenNames: 'VAN AN' });

  it('assembles CR/LF separated lines, with STX/ETX and noise around them', () => {
    const a = new MrzLineAssembler();
    expect(a.push(`garbage\r\n\x02${lines[0]}\r`)).toEqual([]);
    expect(a.push(`${lines[1]}\r`)).toEqual([]);
    const got = a.push(`${lines[2]}\x03\r\n`);
    expect(got).toHaveLength(1);
    expect(got[0]?.vietnam?.personalId).toBe('001090000001');
    // The same document again is reported once; after reset, again.
    expect(a.push(`${lines.join('\n')}\n`)).toEqual([]);
    a.reset();
    expect(a.push(`${lines.join('\n')}\n`)).toHaveLength(1);
  });

  it('accepts the whole MRZ on one line and ignores a line with a wrong check digit', () => {
    const a = new MrzLineAssembler();
    expect(a.push(lines.join(''))).toEqual([]);
    expect(a.flush()).toHaveLength(1);
    const bad = `${lines[0]}\n${lines[1]?.replace('9001011', '9001021')}\n${lines[2]}\n`;
    expect(new MrzLineAssembler().push(bad)).toEqual([]);
  });
});
