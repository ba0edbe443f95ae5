/**
 * HID POS barcode scanner input reports (USB HID Point of Sale Usage Tables 1.02, usage page
 * 0x8C "Bar Code Scanner", application collection usage 0x02 "Bar Code Scanner").
 * Pure: bytes in, decoded scans out. No I/O.
 *
 * The standard defines usages, not one fixed byte layout, so the layout is a parameter. The
 * default, {@link HONEYWELL_LAYOUT}, is the 64-byte "scanned data report" that Honeywell
 * (Voyager/Xenon/Granit in "USB HID POS" mode, report id 0x02) and Access-IS (LSR116/LSR118/
 * ATR110 product manuals, appendix "HID reports") document, and that the WebHID library
 * @point-of-sale/webhid-barcode-scanner reads for Honeywell, Zebra and Datalogic scanners:
 *
 *   byte 0      report id (0x02)
 *   byte 1      number of valid data bytes in THIS report (0..56; the AIM id is not counted)
 *   bytes 2..4  AIM symbology identifier, e.g. `]Q1` (repeated in every report of a payload)
 *   bytes 5..60 data, NUL padded
 *   byte 61     vendor ("further") symbology id: Honeywell code id, e.g. 's' = QR, 'j' = Code 128
 *   byte 62     reserved
 *   byte 63     flags: bit 0 = more data follows in the next report
 *
 * {@link IDTECH_LAYOUT} is ID TECH's (2DScan FX100 manual) variant: no AIM field, data at 2..57,
 * one symbology byte at 62, the continuation flag in bit 0 of byte 63.
 * Microscan's layout (report id 1, length, 62 data bytes, no continuation flag) cannot mark
 * the end of a long message and is not supported.
 *
 * Buffers must start with the report id, as node-hid delivers them for devices that use report
 * ids. WebHID hands the report id separately: prepend it (see {@link withReportId}).
 */
import { parseAimBytes, type AimIdentifier } from './aim';

export interface HidPosLayout {
  readonly name: string;
  /** Report id of scanned-data reports; reports with another id are ignored. */
  readonly reportId: number;
  /** Offset of the byte holding the number of valid data bytes in this report. */
  readonly lengthOffset: number;
  /** Offset of the 3-byte AIM identifier, or null when the layout has none. */
  readonly aimOffset: number | null;
  readonly dataOffset: number;
  /** Room for data in one report. */
  readonly maxDataBytes: number;
  /** Offset of a single vendor symbology byte, or null. */
  readonly vendorSymbologyOffset: number | null;
  /** Offset of the flags byte. */
  readonly flagsOffset: number;
  /** Mask of the "more data follows" bit in the flags byte. */
  readonly continuedMask: number;
}

export const HONEYWELL_LAYOUT: HidPosLayout = Object.freeze({
  name: 'honeywell',
  reportId: 0x02,
  lengthOffset: 1,
  aimOffset: 2,
  dataOffset: 5,
  maxDataBytes: 56,
  vendorSymbologyOffset: 61,
  flagsOffset: 63,
  continuedMask: 0x01,
});

export const IDTECH_LAYOUT: HidPosLayout = Object.freeze({
  name: 'idtech',
  reportId: 0x02,
  lengthOffset: 1,
  aimOffset: null,
  dataOffset: 2,
  maxDataBytes: 56,
  vendorSymbologyOffset: 62,
  flagsOffset: 63,
  continuedMask: 0x01,
});

export const HID_POS_LAYOUTS: Readonly<Record<string, HidPosLayout>> = Object.freeze({
  honeywell: HONEYWELL_LAYOUT,
  'access-is': HONEYWELL_LAYOUT,
  idtech: IDTECH_LAYOUT,
});

/** Honeywell code ids (byte 61 of the default layout), as far as they matter here. */
export const HONEYWELL_CODE_IDS: Readonly<Record<string, string>> = Object.freeze({
  s: 'qr',
  j: 'code128',
  b: 'code39',
  d: 'ean13',
  D: 'ean8',
  c: 'upca',
  E: 'upce',
  w: 'data-matrix',
  r: 'pdf417',
  z: 'aztec',
  I: 'gs1-128',
  e: 'interleaved-2-of-5',
  a: 'codabar',
  i: 'code93',
});

export interface HidPosReport {
  readonly reportId: number;
  readonly data: Uint8Array;
  readonly aim: AimIdentifier | null;
  /** The AIM bytes as a string even when they are not a valid identifier (diagnostics). */
  readonly rawAim: string | null;
  readonly vendorSymbology: number | null;
  readonly continued: boolean;
}

export type HidReportResult = { ok: true; report: HidPosReport } | { ok: false; reason: 'too-short' | 'other-report-id' | 'bad-length'; detail: string };

/** Decodes one input report (report id first). Never throws. */
export function decodeHidPosReport(report: Uint8Array, layout: HidPosLayout = HONEYWELL_LAYOUT): HidReportResult {
  if (!(report instanceof Uint8Array)) return { ok: false, reason: 'too-short', detail: 'not a byte array' };
  const needed =
    Math.max(
      layout.flagsOffset,
      layout.dataOffset + layout.maxDataBytes - 1,
      layout.vendorSymbologyOffset ?? 0,
      (layout.aimOffset ?? 0) + 2,
      layout.lengthOffset,
    ) + 1;
  if (report.length < needed) return { ok: false, reason: 'too-short', detail: `${report.length} bytes, layout ${layout.name} needs ${needed}` };
  const reportId = report[0]!;
  if (reportId !== layout.reportId) return { ok: false, reason: 'other-report-id', detail: `report id ${reportId}` };
  const length = report[layout.lengthOffset]!;
  if (length > layout.maxDataBytes) return { ok: false, reason: 'bad-length', detail: `length ${length} > ${layout.maxDataBytes}` };
  const data = report.slice(layout.dataOffset, layout.dataOffset + length);
  let aim: AimIdentifier | null = null;
  let rawAim: string | null = null;
  if (layout.aimOffset !== null) {
    const aimBytes = report.subarray(layout.aimOffset, layout.aimOffset + 3);
    rawAim = String.fromCharCode(...aimBytes);
    aim = parseAimBytes(aimBytes);
  }
  const vendorSymbology = layout.vendorSymbologyOffset === null ? null : report[layout.vendorSymbologyOffset]!;
  const continued = (report[layout.flagsOffset]! & layout.continuedMask) !== 0;
  return { ok: true, report: { reportId, data, aim, rawAim, vendorSymbology, continued } };
}

export interface HidPosScan {
  readonly data: Uint8Array;
  readonly aim: AimIdentifier | null;
  readonly vendorSymbology: number | null;
  readonly reports: number;
}

export type HidAssemblerEvent =
  | { type: 'scan'; scan: HidPosScan }
  | { type: 'partial'; bytes: number }
  | { type: 'ignored'; reason: 'too-short' | 'other-report-id' | 'bad-length'; detail: string }
  | { type: 'overflow'; droppedBytes: number; limit: number }
  | { type: 'abandoned'; droppedBytes: number; reason: 'timeout' | 'symbology-changed' };

export interface HidAssemblerOptions {
  layout?: HidPosLayout;
  /** Longest payload reassembled. Default 8192 bytes. */
  maxPayloadBytes?: number;
  /** A partial payload older than this when the next report arrives is abandoned. Default 1000 ms. */
  continuationTimeoutMs?: number;
}

export interface HidAssembler {
  /**
   * Feeds one report; `nowMs` is the arrival time (any monotonic clock). Returns what happened:
   * usually one event, two when a stale partial payload was abandoned first. Never throws.
   */
  push(report: Uint8Array, nowMs?: number): HidAssemblerEvent[];
  reset(): void;
}

/** Reassembles payloads split over several reports ("more data follows" flag). */
export function createHidAssembler(options: HidAssemblerOptions = {}): HidAssembler {
  const layout = options.layout ?? HONEYWELL_LAYOUT;
  const limit = options.maxPayloadBytes ?? 8192;
  const timeout = options.continuationTimeoutMs ?? 1000;
  let parts: Uint8Array[] = [];
  let size = 0;
  let overflowed = 0;
  let count = 0;
  let lastAt: number | undefined;
  let aimId: string | null = null;

  const reset = () => {
    parts = [];
    size = 0;
    overflowed = 0;
    count = 0;
    lastAt = undefined;
    aimId = null;
  };

  return {
    reset,
    push(bytes, nowMs) {
      const decoded = decodeHidPosReport(bytes, layout);
      if (!decoded.ok) return [{ type: 'ignored', reason: decoded.reason, detail: decoded.detail }];
      const r = decoded.report;
      const out: HidAssemblerEvent[] = [];
      let abandoned: HidAssemblerEvent | null = null;
      if (count > 0) {
        if (nowMs !== undefined && lastAt !== undefined && nowMs - lastAt > timeout) {
          abandoned = { type: 'abandoned', droppedBytes: size + overflowed, reason: 'timeout' };
        } else if (r.rawAim !== aimId) {
          abandoned = { type: 'abandoned', droppedBytes: size + overflowed, reason: 'symbology-changed' };
        }
        if (abandoned) {
          out.push(abandoned);
          reset();
        }
      }
      count++;
      lastAt = nowMs;
      aimId = r.rawAim;
      if (overflowed > 0 || size + r.data.length > limit) {
        overflowed += (overflowed === 0 ? size : 0) + r.data.length;
        parts = [];
        size = 0;
      } else {
        parts.push(r.data);
        size += r.data.length;
      }
      if (r.continued) {
        out.push({ type: 'partial', bytes: size + overflowed });
        return out;
      }
      if (overflowed > 0) {
        const n = overflowed;
        reset();
        out.push({ type: 'overflow', droppedBytes: n, limit });
        return out;
      }
      const data = new Uint8Array(size);
      let at = 0;
      for (const p of parts) {
        data.set(p, at);
        at += p.length;
      }
      const scan: HidPosScan = { data, aim: r.aim, vendorSymbology: r.vendorSymbology, reports: count };
      reset();
      out.push({ type: 'scan', scan });
      return out;
    },
  };
}

/** WebHID delivers the report id apart from the data: rebuild the node-hid shape. */
export function withReportId(reportId: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 1);
  out[0] = reportId & 0xff;
  out.set(data, 1);
  return out;
}

/**
 * Builds the reports a scanner would send for `payload` in `layout` (for the simulator and
 * tests). `aim` must be 3 characters when the layout has an AIM field.
 */
export function encodeHidPosReports(
  payload: Uint8Array,
  opts: { layout?: HidPosLayout; aim?: string; vendorSymbology?: number; reportLength?: number } = {},
): Uint8Array[] {
  const layout = opts.layout ?? HONEYWELL_LAYOUT;
  const size = opts.reportLength ?? Math.max(64, layout.flagsOffset + 1);
  const aim = opts.aim ?? ']Q1';
  if (layout.aimOffset !== null && aim.length !== 3) throw new RangeError('AIM identifier must be 3 characters');
  const reports: Uint8Array[] = [];
  let offset = 0;
  do {
    const chunk = payload.subarray(offset, offset + layout.maxDataBytes);
    offset += chunk.length;
    const r = new Uint8Array(size);
    r[0] = layout.reportId;
    r[layout.lengthOffset] = chunk.length;
    if (layout.aimOffset !== null) for (let i = 0; i < 3; i++) r[layout.aimOffset + i] = aim.charCodeAt(i) & 0xff;
    r.set(chunk, layout.dataOffset);
    if (layout.vendorSymbologyOffset !== null) r[layout.vendorSymbologyOffset] = opts.vendorSymbology ?? 0;
    if (offset < payload.length) r[layout.flagsOffset] = layout.continuedMask;
    reports.push(r);
  } while (offset < payload.length);
  return reports;
}
