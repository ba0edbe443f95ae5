/**
 * The identity service: consent first, then the CCCD chip read, the result kept only in the
 * session (session.data + an onEnd wiper) and wiped at session end.
 *
 * - `consent(accepted)`: nothing is read before the resident agrees (Law on Personal Data Protection 91/2025/QH15:
 *   ethnicity, religion and the face are sensitive personal data).
 * - `read()`: waits for the card, BAC with the key sources in order (document reader MRZ, the
 *   CCCD QR scanned this session with the derived expiry, dates typed by the resident), reads
 *   EF.COM/DG1/DG2/DG13/EF.SOD, cross-checks the sources, runs passive authentication.
 *   When BAC fails with every derived key it answers `needs-dates` and the screen asks.
 * - The face image stays in memory (a data: URL for the screen); nothing is written to disk;
 *   logs carry the masked ID at most.
 *
 * In the shape of DESIGN.md "Services": the factory does no I/O; `start()` loads the CSCA trust
 * folder, opens the card reader's transport (PC/SC) and the serial document reader; `stop()`
 * wipes and closes them, safe before `start()` and in any failure state.
 */
import type { X509Certificate } from 'node:crypto';
import { resolve } from 'node:path';
import {
  CardReadError,
  createPcscTransport,
  createSimulatedReader,
  FaceImageError,
  faceToJpeg,
  loadCscaFolder,
  type CardReaderTransport,
  type IdCardIdentity,
  type PassiveAuthResult,
  type SimulatedReader,
} from '../../../drivers/idcard';
import type { ParsedMrz } from '../../../drivers/idcard/protocol';
import { openSerialMrzReader, type SerialMrzReader } from '../../../drivers/idcard/transport/serial-mrz';
import type { CardReaderConfig } from '../../../kiosk-config/schema';
import type { KioskEvents } from '../../events';
import type { DeviceStatus } from '../../ipc/contract';
import { maskId, type Logger } from '../../log';
import { CCCD_QR_SESSION_KEY } from '../scan/service';
import { sessionSlot, type SessionService } from '../session';
import type { IdentityReadResult, IdentityView } from './contract';
import { keyCandidates, readIdentity, type TypedDates } from './read';

/** Session data keys of this service (all wiped at session end). */
export const IDENTITY_KEYS = {
  consent: sessionSlot<boolean>('identity.consent'),
  dates: sessionSlot<TypedDates>('identity.dates'),
  mrz: sessionSlot<ParsedMrz>('identity.mrz'),
  qrFailed: sessionSlot<boolean>('identity.qrFailed'),
  card: sessionSlot<IdentityRecord>('identity.card'),
};

export interface IdentityRecord {
  identity: IdCardIdentity;
  authenticity: PassiveAuthResult;
  /** The face as a JPEG for the screen when the chip holds JPEG 2000 (memory only, wiped with the session). */
  displayFace?: Uint8Array;
}

export interface IdentityService {
  readonly kind: CardReaderConfig['kind'];
  consent(accepted: boolean): { consented: boolean };
  read(options?: { waitSeconds?: number | undefined }): Promise<IdentityReadResult>;
  provideDates(d: TypedDates): { accepted: boolean; reason?: 'bad-date' | 'bad-id' | 'no-consent' };
  clear(): { cleared: boolean };
  /** The identity read in this session (main only; for the submission journey). */
  current(): IdentityRecord | undefined;
  /**
   * The personal ID number the resident consented to share in this session: from the chip read,
   * else from the CCCD QR scanned. Undefined without consent. Main only (lookups that need it).
   */
  consentedPersonalId(): string | undefined;
  /** An MRZ from a document reader (serial) or a test; used as the first BAC key source. */
  provideMrz(mrz: ParsedMrz): void;
  status(): DeviceStatus;
  /** The simulator when the config says `simulator` (demo, e2e tests). */
  readonly simulator: SimulatedReader | undefined;
  /**
   * Loads the CSCA trust folder, opens the transport and the serial document reader. Once: a
   * second call, or a call after `stop()`, does nothing. Before it a read finds no card reader.
   */
  start(): void;
  stop(): Promise<void>;
}

export interface IdentityServiceOptions {
  config: CardReaderConfig;
  events: KioskEvents;
  log: Logger;
  session: SessionService;
  /** A transport to use instead of the configured one (tests). */
  transport?: CardReaderTransport;
}

function realDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return y >= 1900 && y <= 2199 && mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

const MESSAGES: Record<CardReadError['code'], string> = {
  'no-service': 'the card reader service (pcscd) is not running',
  'no-reader': 'no card reader is connected',
  'no-card': 'no card was placed on the reader',
  'card-removed': 'the card was removed during the read',
  'wrong-card': 'the card is not a chip identity card',
  'bac-failed': 'the dates do not open the chip',
  'no-key': 'nothing is known to open the chip',
  'broken-card': 'the card chip cannot be read',
  transport: 'the card reader failed',
  cancelled: 'the read was cancelled',
};

export function toView(rec: IdentityRecord, keySource: IdentityView['keySource']): IdentityView {
  const id = rec.identity;
  const view: IdentityView = {
    fullName: id.fullName ?? '',
    personalIdMasked: id.personalId ? maskId(id.personalId) : '',
    photo: { kind: 'none' },
    authenticity: {
      status: rec.authenticity.status,
      mismatched: rec.authenticity.mismatched,
      ...(rec.authenticity.detail ? { detail: rec.authenticity.detail.slice(0, 300) } : {}),
    },
    keySource,
    sources: id.sources,
  };
  if (id.birthDate) view.birthDate = id.birthDate;
  if (id.sex) view.sex = id.sex;
  if (id.placeOfOrigin) view.placeOfOrigin = id.placeOfOrigin;
  if (id.residence) view.residence = id.residence;
  if (id.issueDate) view.issueDate = id.issueDate;
  if (id.expiryDate) view.expiryDate = id.expiryDate;
  if (id.face) {
    const format = id.face.format;
    // A Buffer view, not a copy: the only copies of the face are the ones the session wipe zeroes.
    const jpeg = format === 'jpeg' ? id.face.bytes : rec.displayFace;
    view.photo =
      jpeg && jpeg.length < 290_000
        ? {
            kind: 'jpeg',
            dataUrl: `data:image/jpeg;base64,${Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.length).toString('base64')}`,
            ...(format !== 'jpeg' ? { convertedFrom: format } : {}),
          }
        : format === 'jpeg'
          ? { kind: 'none' }
          : { kind: 'unsupported', format };
  }
  return view;
}

export function createIdentityService(options: IdentityServiceOptions): IdentityService {
  const { config, events, log, session } = options;
  const kind = config.kind;
  let simulator: SimulatedReader | undefined;
  // The transport is opened by start(); until then a read finds no card reader.
  let transport: CardReaderTransport | undefined;
  let csca: X509Certificate[] = [];
  let started = false;
  let stopped = false;
  let offTransport: (() => void) | undefined;
  // A serial document reader feeding MRZ lines (optional), opened by start().
  let mrzReader: SerialMrzReader | undefined;

  let deviceStatus: DeviceStatus =
    kind === 'none' ? { kind: 'cardReader', state: 'not_configured' } : { kind: 'cardReader', state: 'disconnected', detail: 'waiting for the reader' };
  const setStatus = (s: DeviceStatus): void => {
    if (s.state === deviceStatus.state && s.detail === deviceStatus.detail) return;
    deviceStatus = s;
    events.emit('device.status', s);
  };
  const readerLabel = (): string =>
    transport?.readers().find((r) => !config.reader || r.toLowerCase().includes(config.reader.toLowerCase())) ?? config.reader ?? '';

  const start = (): void => {
    if (started || stopped) return;
    started = true;
    if (config.cscaDir) {
      const loaded = loadCscaFolder(resolve(config.cscaDir));
      csca = loaded.certificates;
      for (const e of loaded.errors) log.warn('idcard', `CSCA trust folder: ${e}`);
      log.info('idcard', `${csca.length} CSCA certificate(s) trusted from ${config.cscaDir}`);
    }

    transport = options.transport;
    if (!transport && kind === 'simulator') transport = simulator = createSimulatedReader({ log: (m) => log.debug('idcard', m) });
    if (!transport && kind === 'pcsc') {
      transport = createPcscTransport({
        extendedLength: config.maxApduChunk > 0xdf,
        log: (level, m) => log[level]('idcard', m),
      });
    }
    if (options.transport && 'insert' in options.transport) simulator = options.transport as SimulatedReader;

    const t = transport;
    offTransport = t?.on((e) => {
      switch (e.type) {
        case 'reader-added':
          setStatus({ kind: 'cardReader', state: 'connected', detail: e.reader });
          break;
        case 'reader-removed':
          if (t.readers().length === 0) setStatus({ kind: 'cardReader', state: 'disconnected', detail: 'no card reader' });
          break;
        case 'service':
          if (!e.available) setStatus({ kind: 'cardReader', state: 'error', detail: e.detail ?? 'pcscd is not running' });
          break;
        case 'card-inserted':
          events.emit('card', { present: true, reader: e.reader });
          break;
        case 'card-removed':
          events.emit('card', { present: false, reader: e.reader });
          break;
      }
    });
    if (t?.kind === 'simulator') setStatus({ kind: 'cardReader', state: 'connected', detail: 'simulator' });
    else if (t && t.readers().length > 0) setStatus({ kind: 'cardReader', state: 'connected', detail: t.readers()[0] as string });

    if (config.mrzReaderPath) {
      mrzReader = openSerialMrzReader({
        path: config.mrzReaderPath,
        baudRate: config.mrzReaderBaudRate,
        onMrz: (mrz) => {
          session.touch();
          session.data.set(IDENTITY_KEYS.mrz, mrz);
          log.info('idcard', `MRZ read by the document reader (${mrz.format}${mrz.vietnam ? `, ID ${maskId(mrz.vietnam.personalId)}` : ''})`);
        },
        onStatus: (state, detail) => log[state === 'connected' ? 'info' : 'warn']('idcard', `document reader ${state}${detail ? `: ${detail}` : ''}`),
      });
    }
  };

  // The read in progress (a second identity.read joins it) and its cancel switch.
  let inFlight: { promise: Promise<IdentityReadResult>; abort: AbortController } | undefined;
  let current: IdentityRecord | undefined;

  const wipe = (): void => {
    inFlight?.abort.abort();
    inFlight = undefined;
    if (current?.identity.face) current.identity.face.bytes.fill(0);
    current?.displayFace?.fill(0);
    current = undefined;
    for (const k of Object.values(IDENTITY_KEYS)) session.data.delete(k);
    mrzReader?.reset();
  };
  const offEnd = session.onEnd(() => wipe());

  const error = (code: IdentityReadResult & { outcome: 'error' }): IdentityReadResult => code;

  const doRead = async (waitSeconds: number, abort: AbortController): Promise<IdentityReadResult> => {
    if (!transport) return error({ outcome: 'error', error: 'not_configured', message: 'no card reader is configured' });
    const qr = session.data.get(CCCD_QR_SESSION_KEY);
    const mrz = session.data.get(IDENTITY_KEYS.mrz);
    const dates = session.data.get(IDENTITY_KEYS.dates);
    const qrFailed = session.data.get(IDENTITY_KEYS.qrFailed) === true;
    const sources = { ...(mrz ? { mrz } : {}), ...(qr ? { qr } : {}), ...(dates ? { dates } : {}), skipQr: qrFailed };
    let keys;
    try {
      keys = keyCandidates(sources);
    } catch {
      session.data.delete(IDENTITY_KEYS.dates);
      return { outcome: 'needs-dates', needPersonalId: !qr && !mrz, after: 'typed' };
    }
    if (keys.length === 0) return { outcome: 'needs-dates', needPersonalId: !qr && !mrz, after: qrFailed ? 'derived' : 'none' };

    const reader = readerLabel();
    events.emit('card', { present: transport.cardPresent(config.reader), reader, state: 'waiting' });
    let conn;
    try {
      conn = await transport.waitForCard({ ...(config.reader ? { reader: config.reader } : {}), timeoutMs: waitSeconds * 1000, signal: abort.signal });
    } catch (e) {
      return failure(e, reader);
    }
    let lastPct = -1;
    events.emit('card', { present: true, reader: conn.reader, state: 'reading', progress: 0 });
    try {
      const result = await readIdentity(conn, {
        keys,
        sources,
        csca,
        maxChunk: config.maxApduChunk,
        signal: abort.signal,
        onProgress: (p) => {
          // Progress by stage and file (DG2 is most of the bytes).
          const base: Record<string, number> = { COM: 10, DG1: 15, DG2: 20, DG13: 80, SOD: 90 };
          let pct = p.stage === 'bac' ? 5 : p.stage === 'done' ? 100 : p.file ? (base[p.file] ?? 10) : 0;
          if (p.file === 'DG2' && p.total) pct = 20 + Math.floor((60 * (p.bytes ?? 0)) / p.total);
          if (pct !== lastPct && pct - lastPct >= 5) {
            lastPct = pct;
            events.emit('card', { present: true, reader: conn.reader, state: 'reading', progress: pct });
          }
        },
      });
      if (abort.signal.aborted) return error({ outcome: 'error', error: 'cancelled', message: MESSAGES.cancelled });
      if (result.outcome === 'refused') {
        log.warn('idcard', `identity refused: sources disagree on ${result.problems.map((p) => `${p.field} (${p.sources.join(', ')})`).join('; ')}`);
        events.emit('card', { present: true, reader: conn.reader, state: 'error' });
        return { outcome: 'refused', fields: [...new Set(result.problems.map((p) => p.field))] };
      }
      current = { identity: result.identity, authenticity: result.authenticity };
      const face = result.identity.face;
      if (face && face.format !== 'jpeg') {
        const record = current;
        try {
          const shown = await faceToJpeg(face);
          record.displayFace = shown.jpeg;
          log.info(
            'idcard',
            `JPEG 2000 face (${face.format}, ${face.bytes.length} bytes, ${shown.width}×${shown.height}) converted for the screen in ${Math.round(shown.ms)} ms`,
          );
        } catch (e) {
          log.warn('idcard', `the JPEG 2000 face cannot be shown: ${e instanceof FaceImageError ? `${e.code}: ${e.message}` : String(e)}`);
        }
        if (abort.signal.aborted) {
          record.displayFace?.fill(0);
          return error({ outcome: 'error', error: 'cancelled', message: MESSAGES.cancelled });
        }
      }
      session.data.set(IDENTITY_KEYS.card, current);
      log.info(
        'idcard',
        `card read: ID ${result.identity.personalId ? maskId(result.identity.personalId) : 'unknown'}, key from ${result.keySource} (${result.keyLabel}), ` +
          `${result.apduCount} APDUs in ${Math.round(result.readMs)} ms, passive authentication: ${result.authenticity.text}` +
          `${result.authenticity.detail ? ` (${result.authenticity.detail})` : ''}${result.problems.length ? `; ${result.problems.join('; ')}` : ''}`,
      );
      events.emit('card', { present: true, reader: conn.reader, state: 'done', progress: 100 });
      return { outcome: 'ok', identity: toView(current, result.keySource), apduCount: result.apduCount, readMs: Math.round(result.readMs) };
    } catch (e) {
      if (e instanceof CardReadError && e.code === 'bac-failed') {
        // Every key failed: the derived ones never work again on this card; ask the resident.
        if (qr && !qrFailed) session.data.set(IDENTITY_KEYS.qrFailed, true);
        const typed = dates !== undefined;
        session.data.delete(IDENTITY_KEYS.dates);
        log.warn('idcard', `BAC failed with ${keys.length} key candidate(s) (${typed ? 'typed dates' : 'derived'}); asking the resident for the dates`);
        events.emit('card', { present: transport.cardPresent(config.reader), reader: conn.reader, state: 'error' });
        return { outcome: 'needs-dates', needPersonalId: !qr && !mrz, after: typed ? 'typed' : 'derived' };
      }
      return failure(e, conn.reader);
    } finally {
      await conn.close();
    }
  };

  const failure = (e: unknown, reader: string): IdentityReadResult => {
    const err = e instanceof CardReadError ? e : new CardReadError('transport', e instanceof Error ? e.message : String(e));
    const code = err.code === 'no-key' ? 'transport' : err.code;
    if (code !== 'cancelled' && code !== 'no-card') log.warn('idcard', `card read failed: ${err.code}: ${err.message}`);
    if (code === 'no-service') setStatus({ kind: 'cardReader', state: 'error', detail: err.message });
    events.emit('card', { present: transport?.cardPresent(config.reader) ?? false, reader, state: 'error' });
    return { outcome: 'error', error: code, message: MESSAGES[err.code] };
  };

  return {
    kind,
    get simulator() {
      return simulator;
    },
    consent(accepted) {
      session.touch();
      if (!accepted) {
        wipe();
        log.info('idcard', 'the resident declined the consent');
        return { consented: false };
      }
      session.data.set(IDENTITY_KEYS.consent, true);
      log.info('idcard', 'the resident consented to reading the card');
      return { consented: true };
    },
    async read(opts = {}) {
      if (session.data.get(IDENTITY_KEYS.consent) !== true) {
        return { outcome: 'error', error: 'no-consent', message: 'the resident has not consented' };
      }
      if (kind === 'none' && !options.transport) return { outcome: 'error', error: 'not_configured', message: 'no card reader is configured' };
      if (inFlight) return inFlight.promise;
      const abort = new AbortController();
      const waitSeconds = opts.waitSeconds ?? config.waitSeconds;
      const promise = doRead(waitSeconds, abort).finally(() => {
        if (inFlight?.abort === abort) inFlight = undefined;
      });
      inFlight = { promise, abort };
      return promise;
    },
    provideDates(d) {
      if (session.data.get(IDENTITY_KEYS.consent) !== true) return { accepted: false, reason: 'no-consent' };
      if (!realDate(d.birthDate) || (d.expiryDate !== 'none' && !realDate(d.expiryDate))) return { accepted: false, reason: 'bad-date' };
      if (d.expiryDate !== 'none' && d.expiryDate <= d.birthDate) return { accepted: false, reason: 'bad-date' };
      const qr = session.data.get(CCCD_QR_SESSION_KEY);
      const mrz = session.data.get(IDENTITY_KEYS.mrz);
      if (d.personalId && Number(d.personalId.slice(0, 3)) < 1) return { accepted: false, reason: 'bad-id' };
      if (!d.personalId && !qr && !mrz) return { accepted: false, reason: 'bad-id' };
      const dates: TypedDates = { birthDate: d.birthDate, expiryDate: d.expiryDate };
      if (d.personalId) dates.personalId = d.personalId;
      session.data.set(IDENTITY_KEYS.dates, dates);
      return { accepted: true };
    },
    clear() {
      const had = current !== undefined || inFlight !== undefined;
      wipe();
      return { cleared: had };
    },
    current: () => current,
    consentedPersonalId() {
      if (session.data.get(IDENTITY_KEYS.consent) !== true) return undefined;
      return current?.identity.personalId ?? session.data.get(CCCD_QR_SESSION_KEY)?.personalId;
    },
    provideMrz(mrz) {
      session.data.set(IDENTITY_KEYS.mrz, mrz);
    },
    status: () => deviceStatus,
    start,
    async stop() {
      if (stopped) return;
      stopped = true;
      wipe();
      offEnd();
      offTransport?.();
      await mrzReader?.close();
      await transport?.close();
    },
  };
}
