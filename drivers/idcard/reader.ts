/**
 * The read state machine of the CCCD / eMRTD chip over any {@link CardConnection}:
 *
 *   SELECT AID A0000002471001 (plain)            → 'wrong-card' when the applet is not there
 *   for each BAC key candidate:
 *     GET CHALLENGE, EXTERNAL AUTHENTICATE         → next candidate when the chip refuses
 *   under secure messaging (every response MAC verified):
 *     EF.COM, then the wanted DGs the chip lists, then EF.SOD, each by READ BINARY with SFI at
 *     offset 0 for a whole chunk (no SELECT), then READ BINARY at offsets for the rest.
 *
 * Chunks: 0xDF plain bytes per short SM APDU (ICAO readers' value), larger with extended length.
 * A file of n bytes takes ceil(n / chunk) READ BINARY commands, the least the chunk allows.
 */
import { CardReadError } from './errors';
import type { BacKeyCandidate } from './keys';
import {
  BacError,
  DEFAULT_SM_SHORT_CHUNK,
  IdCardProtocolError,
  SecureMessaging,
  SW,
  SmError,
  TlvError,
  bacKeysFromMrzInfo,
  buildMutualAuth,
  completeMutualAuth,
  desBackend,
  encodeCommand,
  fileLengthFromHeader,
  getChallenge,
  mutualAuthenticate,
  parseEfCom,
  parseResponse,
  readBinaryAt,
  readBinarySfi,
  selectAid,
  unwrapOddReadBinary,
  type CommandApdu,
  type DesBackend,
  type ResponseApdu,
} from './protocol';
import type { CardConnection } from './transport/types';

export type CardFile = 'COM' | 'DG1' | 'DG2' | 'DG13' | 'DG14' | 'DG15' | 'SOD';

const FILE_SFI: Record<CardFile, number> = { COM: 0x1e, DG1: 0x01, DG2: 0x02, DG13: 0x0d, DG14: 0x0e, DG15: 0x0f, SOD: 0x1d };
const DG_NUMBER: Partial<Record<CardFile, number>> = { DG1: 1, DG2: 2, DG13: 13, DG14: 14, DG15: 15 };

export type ReadStage = 'select' | 'bac' | 'reading' | 'done';

export interface ReadProgress {
  stage: ReadStage;
  file?: CardFile;
  /** Bytes of the current file read so far and its total length, when known. */
  bytes?: number;
  total?: number;
}

export interface ReadCardOptions {
  /** BAC key candidates, most likely first. */
  keys: readonly BacKeyCandidate[];
  /** Files to read, in order; EF.COM decides which DGs exist. Default COM, DG1, DG2, DG13, SOD. */
  files?: readonly CardFile[];
  /**
   * Plain bytes per READ BINARY under SM. Default 0xDF with short APDUs; with
   * `connection.extendedLength`, up to 0xFFFF.
   */
  maxChunk?: number;
  signal?: AbortSignal;
  onProgress?: (p: ReadProgress) => void;
  backend?: DesBackend;
}

export interface CardReadResult {
  /** Which candidate opened the chip (its label and source; never the key itself). */
  key: { source: BacKeyCandidate['source']; label: string; index: number };
  /** Raw file contents (personal data: memory only). */
  files: Partial<Record<CardFile, Uint8Array>>;
  /** Files asked for that the chip does not have (6A82) or does not list in EF.COM. */
  absent: CardFile[];
  /** Files the chip refused (6982, e.g. EAC-protected). */
  denied: CardFile[];
  /** Command APDUs sent, including T=0 GET RESPONSE round trips counted by the transport as one. */
  apduCount: number;
  /** READ BINARY commands among them. */
  readCount: number;
  /** Plain bytes per READ BINARY used. */
  chunk: number;
  ms: number;
}

const DEFAULT_FILES: readonly CardFile[] = ['COM', 'DG1', 'DG2', 'DG13', 'SOD'];

function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

/** Reads the chip. Throws CardReadError only. */
export async function readCard(conn: CardConnection, options: ReadCardOptions): Promise<CardReadResult> {
  const started = performance.now();
  const backend = options.backend ?? desBackend();
  const chunkLimit = conn.extendedLength ? 0xffff : DEFAULT_SM_SHORT_CHUNK;
  const chunk = Math.max(1, Math.min(options.maxChunk ?? DEFAULT_SM_SHORT_CHUNK, chunkLimit));
  let apduCount = 0;
  let readCount = 0;
  const progress = (p: ReadProgress): void => {
    try {
      options.onProgress?.(p);
    } catch {
      /* progress listeners never break a read */
    }
  };

  const send = async (bytes: Uint8Array): Promise<Uint8Array> => {
    if (options.signal?.aborted) throw new CardReadError('cancelled', 'the read was cancelled');
    apduCount++;
    try {
      return await conn.transmit(bytes);
    } catch (e) {
      if (e instanceof CardReadError) throw e;
      throw new CardReadError('transport', `transmit failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  };
  const plain = async (cmd: CommandApdu): Promise<ResponseApdu> => parseResponse(await send(encodeCommand(cmd)));

  try {
    // 1. The eMRTD application.
    progress({ stage: 'select' });
    const sel = await plain(selectAid());
    if (sel.sw !== SW.OK) throw new CardReadError('wrong-card', `the card has no eMRTD application (SELECT answered ${swHex(sel.sw)})`);

    // 2. BAC with each candidate.
    if (options.keys.length === 0) throw new CardReadError('no-key', 'no BAC key to try');
    progress({ stage: 'bac' });
    let sm: SecureMessaging | undefined;
    let used = -1;
    for (let i = 0; i < options.keys.length && !sm; i++) {
      const candidate = options.keys[i] as BacKeyCandidate;
      if (i > 0) {
        // Some chips leave the application after a failed authentication: select it again.
        const again = await plain(selectAid());
        if (again.sw !== SW.OK) throw new CardReadError('broken-card', `SELECT failed after a BAC attempt (${swHex(again.sw)})`);
      }
      const keys = bacKeysFromMrzInfo(candidate.mrzInformation);
      const ch = await plain(getChallenge());
      if (ch.sw !== SW.OK || ch.data.length !== 8) {
        throw new CardReadError(ch.sw === 0x6d00 ? 'wrong-card' : 'broken-card', `GET CHALLENGE failed (${swHex(ch.sw)}, ${ch.data.length} bytes)`);
      }
      const auth = buildMutualAuth(keys, ch.data, { backend });
      const ans = await plain(mutualAuthenticate(auth.data));
      if (ans.sw === SW.OK && ans.data.length === 40) {
        try {
          const session = completeMutualAuth(keys, auth.state, ans.data, backend);
          sm = new SecureMessaging(session, backend);
          used = i;
        } catch (e) {
          if (!(e instanceof BacError)) throw e;
          // Wrong keys give a wrong MAC here on chips that answer anyway: try the next candidate.
        }
      } else if (ans.sw === 0x6300 || ans.sw === SW.SM_OBJECTS_INCORRECT || ans.sw === SW.SECURITY_NOT_SATISFIED || (ans.sw & 0xfff0) === 0x63c0) {
        // The chip refused this key.
      } else {
        throw new CardReadError('broken-card', `EXTERNAL AUTHENTICATE answered ${swHex(ans.sw)}`);
      }
      keys.kEnc.fill(0);
      keys.kMac.fill(0);
    }
    if (!sm) throw new CardReadError('bac-failed', `BAC failed with all ${options.keys.length} key candidate(s)`);
    const session = sm;

    const protectedSend = async (cmd: CommandApdu): Promise<ResponseApdu> => {
      const wrapped = session.protect(cmd, { forceExtended: conn.extendedLength && (cmd.ne ?? 0) > 231 });
      return session.unprotect(await send(wrapped));
    };

    // 3. Files.
    const files: Partial<Record<CardFile, Uint8Array>> = {};
    const absent: CardFile[] = [];
    const denied: CardFile[] = [];
    const wanted = options.files ?? DEFAULT_FILES;
    let listed: Set<number> | undefined;

    const readFile = async (name: CardFile): Promise<Uint8Array | 'absent' | 'denied'> => {
      progress({ stage: 'reading', file: name, bytes: 0 });
      readCount++;
      let first = await protectedSend(readBinarySfi(FILE_SFI[name], 0, chunk));
      if (first.sw === SW.FILE_NOT_FOUND) return 'absent';
      if (first.sw === SW.SECURITY_NOT_SATISFIED) return 'denied';
      if ((first.sw & 0xff00) === 0x6c00) {
        // The chip wants a smaller Le (file shorter than the chunk on chips that do not pad).
        readCount++;
        first = await protectedSend(readBinarySfi(FILE_SFI[name], 0, first.sw & 0xff || 256));
      }
      if (first.sw !== SW.OK && first.sw !== SW.END_OF_FILE) throw new CardReadError('broken-card', `READ BINARY of ${name} answered ${swHex(first.sw)}`);
      let total: number;
      try {
        total = fileLengthFromHeader(first.data).totalLength;
      } catch (e) {
        if (e instanceof TlvError) throw new CardReadError('broken-card', `${name} does not start with a TLV header`);
        throw e;
      }
      if (total > 0xffffff) throw new CardReadError('broken-card', `${name} claims ${total} bytes`);
      const buf = new Uint8Array(total);
      let have = Math.min(first.data.length, total);
      buf.set(first.data.subarray(0, have));
      while (have < total) {
        const n = Math.min(chunk, total - have);
        progress({ stage: 'reading', file: name, bytes: have, total });
        readCount++;
        const r = await protectedSend(readBinaryAt(have, n));
        if (r.sw !== SW.OK && r.sw !== SW.END_OF_FILE) throw new CardReadError('broken-card', `READ BINARY of ${name} at ${have} answered ${swHex(r.sw)}`);
        const data = have > 0x7fff ? unwrapOddReadBinary(r.data) : r.data;
        if (data.length === 0) throw new CardReadError('broken-card', `${name} ended at ${have} of ${total} bytes`);
        const take = Math.min(data.length, total - have);
        buf.set(data.subarray(0, take), have);
        have += take;
      }
      progress({ stage: 'reading', file: name, bytes: total, total });
      return buf;
    };

    for (const name of wanted) {
      const dg = DG_NUMBER[name];
      if (dg !== undefined && listed && !listed.has(dg)) {
        absent.push(name);
        continue;
      }
      const got = await readFile(name);
      if (got === 'absent') absent.push(name);
      else if (got === 'denied') denied.push(name);
      else {
        files[name] = got;
        if (name === 'COM') {
          try {
            listed = new Set(parseEfCom(got).dataGroups);
          } catch {
            listed = undefined; // an unreadable EF.COM: try every DG
          }
        }
      }
    }
    session.wipe();
    progress({ stage: 'done' });
    const key = options.keys[used] as BacKeyCandidate;
    return {
      key: { source: key.source, label: key.label, index: used },
      files,
      absent,
      denied,
      apduCount,
      readCount,
      chunk,
      ms: performance.now() - started,
    };
  } catch (e) {
    if (e instanceof CardReadError) throw e;
    if (e instanceof SmError) {
      const why =
        e.code === 'bad-mac'
          ? 'a response MAC is wrong'
          : e.code === 'missing-mac'
            ? `the chip left secure messaging (${e.sw !== undefined ? swHex(e.sw) : 'no status'})`
            : `secure messaging failed (${e.code})`;
      throw new CardReadError('broken-card', why, { cause: e });
    }
    if (e instanceof IdCardProtocolError) throw new CardReadError('broken-card', `the chip answered something unreadable (${e.code})`, { cause: e });
    throw new CardReadError('transport', `unexpected failure: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
