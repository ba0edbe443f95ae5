/**
 * Simulator for demo mode and tests: a virtual eMRTD chip (BAC + secure messaging + LDS files,
 * using the chip-side halves of ./protocol) behind a virtual card reader with the same
 * {@link CardReaderTransport} interface as PC/SC. Scriptable: insert a card, remove it, make the
 * next read fail (card removed after n APDUs, a wrong card, a broken card).
 *
 * The demo card is synthetic and says so: "NGUYỄN VĂN AN", ID 001090000001, addresses marked
 * "(dữ liệu mô phỏng)", a drawn silhouette marked MẪU/DEMO, and an EF.SOD signed by a DEMO CSCA
 * made at start-up (so passive authentication honestly reports "signer not trusted").
 */
import { randomBytes } from 'node:crypto';
import { CardReadError } from './errors';
import {
  ChipSecureMessaging,
  EMRTD_AID,
  bacKeysFromMrzInfo,
  chipAnswerMutualAuth,
  concat,
  constantTimeEqual,
  sessionKeys,
  type BacKeys,
  type CommandApdu,
} from './protocol';
import { readTlvHeader, encodeTlv } from './protocol/tlv';
import { parseMrz } from './protocol/mrz';
import { candidatesFromMrz } from './keys';
import { buildDg1, buildDg13, buildDg2, buildEfCom, buildTd1, type Dg13Spec, type Td1Spec } from './sim/files';
import { buildSod, createPki, type TestPki } from './sim/pki';
import { DEMO_FACE_JPEG_BASE64 } from './sim/demo-face';
import type { CardConnection, CardReaderTransport, ReaderEvent, WaitForCardOptions } from './transport/types';

/** FID → file content. */
export type ChipFiles = Map<number, Uint8Array>;

export const FID = { COM: 0x011e, SOD: 0x011d, DG1: 0x0101, DG2: 0x0102, DG13: 0x010d } as const;

export interface VirtualChipOptions {
  /** The full MRZ (TD1 90 / TD3 88 characters); BAC keys come from it. */
  mrz: string;
  files: ChipFiles;
  /** Plain READ BINARY refused (6982) unless under BAC. Default true. */
  requireBac?: boolean;
  /** Accept extended-length APDUs. Default false (short only, like vicc). */
  extendedLength?: boolean;
  /** No eMRTD application: SELECT AID answers 6A82 (a bank card, a transit card…). */
  noApplet?: boolean;
  /** Answers every SM response with a broken MAC (a damaged chip). */
  badMac?: boolean;
}

function sw(n: number): Uint8Array {
  return Uint8Array.of(n >> 8, n & 0xff);
}

/** Parses a command APDU (short or extended). */
function parseCommand(apdu: Uint8Array): CommandApdu | undefined {
  if (apdu.length < 4) return undefined;
  const [cla, ins, p1, p2] = apdu as unknown as [number, number, number, number];
  const cmd: CommandApdu = { cla, ins, p1, p2 };
  const body = apdu.subarray(4);
  if (body.length === 0) return cmd;
  if (body.length === 1) {
    cmd.ne = body[0] === 0 ? 256 : (body[0] as number);
    return cmd;
  }
  if (body[0] === 0 && body.length >= 3) {
    // extended
    const n = ((body[1] as number) << 8) | (body[2] as number);
    if (body.length === 3) {
      cmd.ne = n === 0 ? 65536 : n;
      return cmd;
    }
    cmd.data = body.subarray(3, 3 + n);
    const rest = body.subarray(3 + n);
    if (rest.length === 2) {
      const ne = ((rest[0] as number) << 8) | (rest[1] as number);
      cmd.ne = ne === 0 ? 65536 : ne;
    } else if (rest.length !== 0) return undefined;
    return cmd;
  }
  const lc = body[0] as number;
  cmd.data = body.subarray(1, 1 + lc);
  const rest = body.subarray(1 + lc);
  if (rest.length === 1) cmd.ne = rest[0] === 0 ? 256 : (rest[0] as number);
  else if (rest.length !== 0) return undefined;
  return cmd;
}

/** A virtual ICAO 9303 chip. Not thread-safe, one APDU at a time. */
export class VirtualChip {
  readonly #opts: VirtualChipOptions;
  readonly #keys: BacKeys;
  #selected = false;
  #rndIcc: Uint8Array | undefined;
  #sm: ChipSecureMessaging | undefined;
  #current: number | undefined;
  /** Every command APDU received. */
  apduCount = 0;

  constructor(opts: VirtualChipOptions) {
    this.#opts = opts;
    const parsed = parseMrz(opts.mrz);
    if (!parsed.ok) throw new RangeError(`simulator MRZ is not valid (${parsed.error.check})`);
    this.#keys = bacKeysFromMrzInfo((candidatesFromMrz(parsed.mrz)[0] as { mrzInformation: string }).mrzInformation);
  }

  /** Forgets the session (card removed and put back). */
  reset(): void {
    this.#selected = false;
    this.#rndIcc = undefined;
    this.#sm = undefined;
    this.#current = undefined;
  }

  process(apdu: Uint8Array): Uint8Array {
    this.apduCount++;
    const cmd = parseCommand(apdu);
    if (!cmd) return sw(0x6700);
    // An extended-length APDU (a 00 byte where a short Lc would be) on a short-only chip.
    if (!this.#opts.extendedLength && apdu.length > 5 && apdu[4] === 0) return sw(0x6700);
    if (((cmd.cla as number) & 0x0c) === 0x0c) return this.#secure(apdu);
    switch (cmd.ins) {
      case 0xa4:
        if (cmd.p1 === 0x04) {
          if (this.#opts.noApplet || !cmd.data || !constantTimeEqual(cmd.data, EMRTD_AID)) return sw(0x6a82);
          this.reset();
          this.#selected = true;
          return sw(0x9000);
        }
        if (!this.#selected) return sw(0x6a82);
        if (cmd.p1 === 0x02 && cmd.data?.length === 2) return this.#select(((cmd.data[0] as number) << 8) | (cmd.data[1] as number));
        return sw(0x6a86);
      case 0x84:
        if (!this.#selected) return sw(0x6985);
        this.#rndIcc = new Uint8Array(randomBytes(8));
        return concat(this.#rndIcc, sw(0x9000));
      case 0x82: {
        if (!this.#selected || !this.#rndIcc || !cmd.data) return sw(0x6985);
        const kIcc = new Uint8Array(randomBytes(16));
        const answer = chipAnswerMutualAuth(this.#keys, this.#rndIcc, kIcc, cmd.data);
        const rndIcc = this.#rndIcc;
        this.#rndIcc = undefined;
        if (!answer) {
          this.#sm = undefined;
          return sw(0x6300);
        }
        this.#sm = new ChipSecureMessaging(sessionKeys(answer.kIfd, kIcc, rndIcc, answer.rndIfd));
        return concat(answer.response, sw(0x9000));
      }
      case 0xb0:
      case 0xb1:
        if (this.#opts.requireBac ?? true) return sw(0x6982);
        return this.#read(cmd);
      default:
        return sw(0x6d00);
    }
  }

  #secure(apdu: Uint8Array): Uint8Array {
    const sm = this.#sm;
    if (!sm) return sw(0x6988);
    let cmd: CommandApdu;
    try {
      cmd = sm.unwrapCommand(apdu);
    } catch {
      this.#sm = undefined;
      return sw(0x6988);
    }
    let answer: Uint8Array;
    if (cmd.ins === 0xa4 && cmd.p1 === 0x02 && cmd.data?.length === 2) answer = this.#select(((cmd.data[0] as number) << 8) | (cmd.data[1] as number));
    else if (cmd.ins === 0xb0 || cmd.ins === 0xb1) answer = this.#read(cmd);
    else answer = sw(0x6d00);
    const status = ((answer[answer.length - 2] as number) << 8) | (answer[answer.length - 1] as number);
    const wrapped = sm.wrapResponse(answer.subarray(0, answer.length - 2), status);
    if (this.#opts.badMac) {
      // Flip a bit of the MAC (the 8 bytes before the status word).
      const broken = wrapped.slice();
      const i = broken.length - 3;
      broken[i] = (broken[i] as number) ^ 0x01;
      return broken;
    }
    return wrapped;
  }

  #select(fid: number): Uint8Array {
    const f = this.#opts.files.get(fid);
    if (!f || f.length === 0) return sw(0x6a82);
    this.#current = fid;
    return sw(0x9000);
  }

  #read(cmd: CommandApdu): Uint8Array {
    let offset: number;
    if (cmd.ins === 0xb1) {
      const data = cmd.data ?? new Uint8Array(0);
      try {
        const h = readTlvHeader(data);
        if (h.tag !== 0x54) return sw(0x6a80);
        offset = 0;
        for (const b of data.subarray(h.headerLength, h.headerLength + h.length)) offset = offset * 256 + b;
      } catch {
        return sw(0x6a80);
      }
    } else if ((cmd.p1 & 0x80) !== 0) {
      const sfi = cmd.p1 & 0x1f;
      const fid = 0x0100 + sfi;
      const r = this.#select(sfi === 0x1e ? FID.COM : sfi === 0x1d ? FID.SOD : fid);
      if (r[0] !== 0x90) return r;
      offset = cmd.p2;
    } else offset = (cmd.p1 << 8) | cmd.p2;
    if (this.#current === undefined) return sw(0x6986);
    const file = this.#opts.files.get(this.#current) as Uint8Array;
    const ne = cmd.ne ?? 256;
    if (offset > file.length) return sw(0x6b00);
    const part = file.subarray(offset, offset + ne);
    const status = offset + ne > file.length ? 0x6282 : 0x9000;
    return concat(cmd.ins === 0xb1 ? encodeTlv(0x53, part) : part, sw(status));
  }
}

// ---------------------------------------------------------------------------------------------
// The demo card

export interface DemoCard {
  chip: VirtualChipOptions;
  /** The CCCD QR text of the same synthetic resident. */
  qrText: string;
  /** The MRZ text (3 lines joined by newlines). */
  mrzText: string;
  pki: TestPki;
}

export const DEMO_PERSON = {
  personalId: '001090000001',
  fullName: 'NGUYỄN VĂN AN',
  birthDate: '1990-01-01',
  sex: 'male' as const,
  issueDate: '2021-04-15',
  /** Derived by the renewal ages: issued at 31, valid until the 40th birthday. */
  expiryDate: '2030-01-01',
  placeOfOrigin: 'Xã Mô Phỏng, tỉnh Thử Nghiệm (dữ liệu mô phỏng)',
  residence: 'Số 1 phố Mẫu, phường Ba Đình, thành phố Hà Nội (dữ liệu mô phỏng)',
};

let demoPki: TestPki | undefined;

/** The demo card (same synthetic resident on the chip and in the QR). `overrides` for tests. */
export function createDemoCard(
  overrides: { td1?: Partial<Td1Spec>; dg13?: Partial<Dg13Spec>; pki?: TestPki; withFace?: boolean; faceImage?: Uint8Array } = {},
): DemoCard {
  const p = DEMO_PERSON;
  const td1: Td1Spec = {
    personalId: p.personalId,
    birthYymmdd: '900101',
    sex: 'M',
    expiryYymmdd: '300101',
    surname: 'NGUYEN',
    givenNames: 'VAN AN',
    ...overrides.td1,
  };
  const lines = buildTd1(td1);
  const dg13Spec: Dg13Spec = {
    personalId: p.personalId,
    fullName: p.fullName,
    birthDate: '01/01/1990',
    sex: 'Nam',
    nationality: 'Việt Nam',
    ethnicity: 'Kinh',
    religion: 'Không',
    placeOfOrigin: p.placeOfOrigin,
    residence: p.residence,
    identifyingMarks: 'Không có (dữ liệu mô phỏng)',
    issueDate: '15/04/2021',
    expiryDate: '01/01/2030',
    fatherName: 'NGUYỄN VĂN BỐ',
    motherName: 'TRẦN THỊ MẸ',
    ...overrides.dg13,
  };
  const dg1 = buildDg1(lines);
  const dg13 = buildDg13(dg13Spec);
  const face = overrides.withFace === false ? undefined : buildDg2(overrides.faceImage ?? new Uint8Array(Buffer.from(DEMO_FACE_JPEG_BASE64, 'base64')));
  const dgs = new Map<number, Uint8Array>([
    [1, dg1],
    [13, dg13],
  ]);
  if (face) dgs.set(2, face);
  const pki = overrides.pki ?? (demoPki ??= createPki('ecdsa-sha256', 'VN', 'DEMO'));
  const sod = buildSod({ dataGroups: dgs, signerCertificate: pki.dsCertificate, signerKey: pki.dsKey.privateKey, kind: pki.kind });
  const files: ChipFiles = new Map([
    [FID.COM, buildEfCom([...dgs.keys()].sort((a, b) => a - b))],
    [FID.DG1, dg1],
    [FID.DG13, dg13],
    [FID.SOD, sod],
  ]);
  if (face) files.set(FID.DG2, face);
  const qrText = [p.personalId, '', p.fullName, '01011990', 'Nam', p.residence, '15042021'].join('|');
  return { chip: { mrz: lines.join(''), files, requireBac: true }, qrText, mrzText: lines.join('\n'), pki };
}

// ---------------------------------------------------------------------------------------------
// The simulated reader

export type SimulatedFault =
  /** The card leaves the reader after this many more APDUs. */
  | { kind: 'remove-after'; apdus: number }
  /** The next card inserted has no eMRTD application. */
  | { kind: 'wrong-card' }
  /** The next card inserted answers with broken MACs. */
  | { kind: 'broken-card' };

export interface SimulatedReader extends CardReaderTransport {
  readonly readerName: string;
  /** Puts a card on the reader (the demo card when none is given). */
  insert(card?: VirtualChipOptions): void;
  remove(): void;
  /** Scripts a fault for the next read or insert. */
  fault(f: SimulatedFault): void;
  /** Simulated time per APDU (ms). */
  latencyMs: number;
  /** The chip in the reader, if any. */
  readonly chip: VirtualChip | undefined;
}

export function createSimulatedReader(options: { readerName?: string; latencyMs?: number; log?: (m: string) => void } = {}): SimulatedReader {
  const readerName = options.readerName ?? 'Simulated CCCD reader';
  const listeners = new Set<(e: ReaderEvent) => void>();
  const waiters = new Set<() => void>();
  let chip: VirtualChip | undefined;
  let removeAfter: number | undefined;
  let nextCardFault: 'wrong-card' | 'broken-card' | undefined;
  let generation = 0;
  let closed = false;
  const emit = (e: ReaderEvent): void => {
    for (const l of [...listeners]) {
      try {
        l(e);
      } catch {
        /* ignore */
      }
    }
    for (const w of [...waiters]) w();
  };

  const reader: SimulatedReader = {
    kind: 'simulator',
    readerName,
    latencyMs: options.latencyMs ?? 2,
    get chip() {
      return chip;
    },
    readers: () => (closed ? [] : [readerName]),
    cardPresent: (name) => chip !== undefined && (!name || readerName.toLowerCase().includes(name.toLowerCase())),
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    insert(card) {
      if (chip) reader.remove();
      const opts: VirtualChipOptions = { ...(card ?? createDemoCard().chip) };
      if (nextCardFault === 'wrong-card') opts.noApplet = true;
      if (nextCardFault === 'broken-card') opts.badMac = true;
      nextCardFault = undefined;
      chip = new VirtualChip(opts);
      generation++;
      options.log?.('simulated card inserted');
      emit({ type: 'card-inserted', reader: readerName, atr: Uint8Array.of(0x3b, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09) });
    },
    remove() {
      if (!chip) return;
      chip = undefined;
      removeAfter = undefined;
      generation++;
      options.log?.('simulated card removed');
      emit({ type: 'card-removed', reader: readerName });
    },
    fault(f) {
      if (f.kind === 'remove-after') removeAfter = f.apdus;
      else nextCardFault = f.kind;
    },
    async waitForCard(opts: WaitForCardOptions): Promise<CardConnection> {
      if (opts.reader && !readerName.toLowerCase().includes(opts.reader.toLowerCase())) {
        throw new CardReadError('no-reader', `no card reader matches "${opts.reader}"`);
      }
      const deadline = Date.now() + Math.max(0, opts.timeoutMs);
      while (!chip) {
        if (closed) throw new CardReadError('cancelled', 'the card reader was closed');
        if (opts.signal?.aborted) throw new CardReadError('cancelled', 'the read was cancelled');
        const left = deadline - Date.now();
        if (left <= 0) throw new CardReadError('no-card', 'no card was placed on the reader');
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            clearTimeout(timer);
            waiters.delete(wake);
            opts.signal?.removeEventListener('abort', wake);
            resolve();
          };
          const timer = setTimeout(wake, left);
          waiters.add(wake);
          opts.signal?.addEventListener('abort', wake, { once: true });
        });
      }
      const mine = generation;
      const card = chip;
      card.reset();
      let open = true;
      return {
        reader: readerName,
        protocol: 'T=1',
        atr: Uint8Array.of(0x3b, 0x88, 0x80, 0x01),
        extendedLength: false,
        async transmit(apdu) {
          if (reader.latencyMs > 0) await new Promise((r) => setTimeout(r, reader.latencyMs));
          if (!open || generation !== mine || !chip) throw new CardReadError('card-removed', 'the card was removed');
          if (removeAfter !== undefined) {
            if (removeAfter <= 0) {
              reader.remove();
              throw new CardReadError('card-removed', 'the card was removed');
            }
            removeAfter--;
          }
          return card.process(apdu);
        },
        async close() {
          open = false;
        },
      };
    },
    async close() {
      closed = true;
      for (const w of [...waiters]) w();
      listeners.clear();
    },
  };
  return reader;
}
