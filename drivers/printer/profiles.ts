/**
 * Printer profiles: paper geometry and the printer's Vietnamese code page, if it has one.
 * Plain data plus the few pure functions that depend on it (code page selection bytes, text
 * encoding for the profile). kiosk-config validates and chooses the profile; this file only
 * describes what the driver needs.
 */
import { cancelKanjiMode, concatBytes, selectCodePage } from './protocol/escpos';
import { encodeCp1258, encodeTcvn3, encodeTcvn3Runs } from './protocol/vietnamese';

export interface PaperSpec {
  widthMm: 58 | 80;
  /** Printable dots per line at 203 dpi. */
  dots: 384 | 576;
  /** Font A (12 x 24) characters per line. */
  columns: 32 | 48;
}

export const PAPER_58MM: Readonly<PaperSpec> = Object.freeze({ widthMm: 58, dots: 384, columns: 32 });
export const PAPER_80MM: Readonly<PaperSpec> = Object.freeze({ widthMm: 80, dots: 576, columns: 48 });

/**
 * How the printer prints Vietnamese:
 * - cp1258: Windows-1258 selected by ESC t escT (Epson WPC1258 = 52; many Chinese firmwares 27,
 *   which also need FS . first to leave their default multi-byte mode).
 * - tcvn3: TCVN-3 (VN3) selected by ESC t escT (Epson 30); `escTUpper` (Epson 31) is the
 *   companion page holding upper-case letters with tones. Without it those letters cannot be
 *   encoded and the line falls back to raster.
 * - none: no Vietnamese code page; all text is rendered to a raster image (GS v 0).
 */
export type CodePageSpec =
  { kind: 'cp1258'; escT: number; fsDot?: boolean } | { kind: 'tcvn3'; escT: number; escTUpper?: number | undefined; fsDot?: boolean } | { kind: 'none' };

export interface PrinterProfile {
  id: string;
  description: string;
  paper: PaperSpec;
  codePage: CodePageSpec;
  /** Cutter: cut with GS V 66 n (partial) / 65 n (full) after feeding; 'none' = tear bar. */
  cutter: 'partial' | 'full' | 'none';
  /** Firmware prints QR codes itself with GS ( k; otherwise the QR is sent as a raster image. */
  nativeQr: boolean;
  /**
   * Without a Vietnamese code page: the printer takes user-defined characters (ESC &, ESC %), so
   * the letters a job needs are defined from the bundled font and the text is sent as text. False
   * (or absent): the text goes as raster images.
   */
  userChars?: boolean;
}

export const CODE_PAGE_EPSON_WPC1258: CodePageSpec = { kind: 'cp1258', escT: 52 };
export const CODE_PAGE_CHINESE_CP1258: CodePageSpec = { kind: 'cp1258', escT: 27, fsDot: true };
export const CODE_PAGE_EPSON_TCVN3: CodePageSpec = { kind: 'tcvn3', escT: 30, escTUpper: 31 };
export const CODE_PAGE_NONE: CodePageSpec = { kind: 'none' };

export const PRINTER_PROFILES: Readonly<Record<string, PrinterProfile>> = Object.freeze({
  'epson-80': {
    id: 'epson-80',
    description: 'Epson TM-T82/T88 class, 80 mm, WPC1258 (ESC t 52)',
    paper: PAPER_80MM,
    codePage: CODE_PAGE_EPSON_WPC1258,
    cutter: 'partial',
    nativeQr: true,
  },
  'epson-80-tcvn3': {
    id: 'epson-80-tcvn3',
    description: 'Epson 80 mm with TCVN-3 pages (ESC t 30 lower, 31 upper)',
    paper: PAPER_80MM,
    codePage: CODE_PAGE_EPSON_TCVN3,
    cutter: 'partial',
    nativeQr: true,
  },
  'generic-80-cp1258': {
    id: 'generic-80-cp1258',
    description: 'Chinese-firmware 80 mm (Xprinter, Rongta, HPRT...), CP1258 as ESC t 27 after FS .',
    paper: PAPER_80MM,
    codePage: CODE_PAGE_CHINESE_CP1258,
    cutter: 'partial',
    nativeQr: true,
  },
  'generic-58-cp1258': {
    id: 'generic-58-cp1258',
    description: 'Chinese-firmware 58 mm, CP1258 as ESC t 27 after FS ., no cutter',
    paper: PAPER_58MM,
    codePage: CODE_PAGE_CHINESE_CP1258,
    cutter: 'none',
    nativeQr: true,
  },
  'generic-80-raster': {
    id: 'generic-80-raster',
    description: '80 mm without a Vietnamese code page: text as raster images',
    paper: PAPER_80MM,
    codePage: CODE_PAGE_NONE,
    cutter: 'partial',
    nativeQr: true,
  },
  'generic-80-udc': {
    id: 'generic-80-udc',
    description: '80 mm without a Vietnamese code page, with user-defined characters (ESC &): the letters defined, text as text',
    paper: PAPER_80MM,
    codePage: CODE_PAGE_NONE,
    cutter: 'partial',
    nativeQr: true,
    userChars: true,
  },
  'generic-58-udc': {
    id: 'generic-58-udc',
    description: '58 mm without a Vietnamese code page, with user-defined characters (ESC &), no cutter',
    paper: PAPER_58MM,
    codePage: CODE_PAGE_NONE,
    cutter: 'none',
    nativeQr: false,
    userChars: true,
  },
  'generic-58-raster': {
    id: 'generic-58-raster',
    description: '58 mm without a Vietnamese code page: text and QR as raster images',
    paper: PAPER_58MM,
    codePage: CODE_PAGE_NONE,
    cutter: 'none',
    nativeQr: false,
  },
} satisfies Record<string, PrinterProfile>);

/** Bytes that select the profile's code page: [FS .] ESC t n; empty for raster-only printers. */
export function selectCodePageBytes(cp: CodePageSpec): Uint8Array {
  if (cp.kind === 'none') return new Uint8Array(0);
  return concatBytes([...(cp.fsDot ? [cancelKanjiMode()] : []), selectCodePage(cp.escT)]);
}

export type ProfileTextResult = { ok: true; bytes: Uint8Array; columns: number } | { ok: false; unencodable: string[] };

/**
 * Encode one piece of text for the profile's code page. The code page must already be selected
 * (selectCodePageBytes). For TCVN-3 with an upper page the result switches to the upper page where
 * needed and always ends with the lower page selected again. `ok: false` means "render this text
 * as a raster image instead" and names the characters that forced it.
 */
export function encodeTextForCodePage(cp: CodePageSpec, text: string): ProfileTextResult {
  switch (cp.kind) {
    case 'none':
      return { ok: false, unencodable: Array.from(new Set(Array.from(text.normalize('NFC')))) };
    case 'cp1258':
      return encodeCp1258(text);
    case 'tcvn3': {
      if (cp.escTUpper === undefined) return encodeTcvn3(text);
      const r = encodeTcvn3Runs(text);
      if (!r.ok) return r;
      const parts: Uint8Array[] = [];
      let page: 'lower' | 'upper' = 'lower';
      for (const run of r.runs) {
        if (run.page !== page) {
          parts.push(selectCodePage(run.page === 'upper' ? cp.escTUpper : cp.escT));
          page = run.page;
        }
        parts.push(run.bytes);
      }
      if (page !== 'lower') parts.push(selectCodePage(cp.escT));
      return { ok: true, bytes: concatBytes(parts), columns: r.columns };
    }
  }
}
