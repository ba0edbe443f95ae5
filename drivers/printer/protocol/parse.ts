/**
 * A tolerant ESC/POS command tokenizer: splits a byte stream into commands and text runs, knowing
 * the length of every command the kiosk sends and of the common ones it does not. Used by the
 * simulator (to find DLE EOT only at command boundaries, never inside raster or QR data, and to
 * record what a job printed). Pure, no I/O. Not an independent check of escpos.ts: tests of the
 * encoder use byte vectors from the reference instead.
 */

export type Token =
  | { kind: 'text'; bytes: Uint8Array }
  | { kind: 'lf' | 'cr' | 'ht' | 'ff' | 'can' }
  | { kind: 'init' }
  | { kind: 'align' | 'bold' | 'underline' | 'size' | 'codePage' | 'feed' | 'hri' | 'barcodeHeight' | 'barcodeWidth' | 'asb'; n: number }
  | { kind: 'cancelKanji' }
  | { kind: 'userCharSet'; n: number }
  | { kind: 'defineUserChars'; bytes: Uint8Array }
  | { kind: 'realtimeStatus'; n: number }
  | { kind: 'gsParen'; letter: number; cn: number; fn: number; payload: Uint8Array }
  | { kind: 'barcode'; m: number; data: Uint8Array }
  | { kind: 'raster'; m: number; widthBytes: number; height: number; data: Uint8Array }
  | { kind: 'cut'; m: number; n?: number }
  | { kind: 'other'; bytes: Uint8Array };

export interface TokenizeResult {
  tokens: Token[];
  /** [start, end) of each token in the input, parallel to `tokens`. */
  spans: [number, number][];
  /** Bytes consumed; the rest is an incomplete command waiting for more input. */
  consumed: number;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

const CONTROLS = new Map<number, 'lf' | 'cr' | 'ht' | 'ff' | 'can'>([
  [0x0a, 'lf'],
  [0x0d, 'cr'],
  [0x09, 'ht'],
  [0x0c, 'ff'],
  [0x18, 'can'],
]);

const isTextByte = (b: number): boolean => b >= 0x20 && b !== 0x7f;

/** Length of the command at i, or -1 if more bytes are needed. */
function commandLength(buf: Uint8Array, i: number): number {
  const avail = buf.length - i;
  const at = (k: number): number => buf[i + k] ?? -1;
  const need = (n: number): number => (avail >= n ? n : -1);
  const b0 = at(0);
  if (avail < 2) return -1;
  const b1 = at(1);
  if (b0 === ESC) {
    switch (b1) {
      case 0x40:
      case 0x32:
      case 0x3c:
      case 0x69:
      case 0x6d:
      case 0x4c:
      case 0x53:
        return 2;
      case 0x70:
        return need(5);
      case 0x24:
      case 0x5c:
        return need(4);
      case 0x63:
        return need(4);
      case 0x44: {
        for (let k = 2; k < avail; k++) if (at(k) === 0) return k + 1;
        return -1;
      }
      case 0x2a: {
        if (avail < 5) return -1;
        const dots = at(3) + at(4) * 256;
        return need(5 + dots * (at(2) >= 32 ? 3 : 1));
      }
      case 0x57:
        return need(10);
      case 0x26: {
        // ESC & y c1 c2, then for each character its width x and y × x bytes.
        if (avail < 5) return -1;
        const y = at(2);
        let k = 5;
        for (let c = at(3); c <= at(4); c++) {
          if (k >= avail) return -1;
          k += 1 + at(k) * y;
        }
        return need(k);
      }
      default:
        return need(3);
    }
  }
  if (b0 === GS) {
    switch (b1) {
      case 0x56: {
        if (avail < 3) return -1;
        const m = at(2);
        return m === 0 || m === 1 || m === 48 || m === 49 ? 3 : need(4);
      }
      case 0x76: {
        if (avail < 8) return -1;
        return need(8 + (at(4) + at(5) * 256) * (at(6) + at(7) * 256));
      }
      case 0x28: {
        if (avail < 5) return -1;
        return need(5 + at(3) + at(4) * 256);
      }
      case 0x38: {
        if (avail < 7) return -1;
        return need(7 + at(3) + at(4) * 0x100 + at(5) * 0x10000 + at(6) * 0x1000000);
      }
      case 0x6b: {
        if (avail < 3) return -1;
        const m = at(2);
        if (m <= 6) {
          for (let k = 3; k < avail; k++) if (at(k) === 0) return k + 1;
          return -1;
        }
        if (avail < 4) return -1;
        return need(4 + at(3));
      }
      case 0x2a: {
        if (avail < 4) return -1;
        return need(4 + at(2) * at(3) * 8);
      }
      case 0x4c:
      case 0x57:
      case 0x24:
      case 0x5c:
      case 0x50:
        return need(4);
      case 0x3a:
        return 2;
      case 0x5e:
        return need(5);
      default:
        return need(3);
    }
  }
  if (b0 === FS) {
    switch (b1) {
      case 0x2e:
      case 0x26:
        return 2;
      case 0x53:
      case 0x70:
        return need(4);
      case 0x28: {
        if (avail < 5) return -1;
        return need(5 + at(3) + at(4) * 256);
      }
      default:
        return need(3);
    }
  }
  if (b0 === DLE) {
    if (b1 === 0x04 || b1 === 0x05) return need(3);
    if (b1 === 0x14) return need(5);
    return 1;
  }
  return 1;
}

function toToken(c: Uint8Array): Token {
  const [b0, b1 = -1, b2 = -1] = c;
  const n = b2;
  if (b0 === ESC) {
    switch (b1) {
      case 0x40:
        return { kind: 'init' };
      case 0x61:
        return { kind: 'align', n };
      case 0x45:
        return { kind: 'bold', n };
      case 0x2d:
        return { kind: 'underline', n };
      case 0x74:
        return { kind: 'codePage', n };
      case 0x64:
        return { kind: 'feed', n };
      case 0x25:
        return { kind: 'userCharSet', n };
      case 0x26:
        return { kind: 'defineUserChars', bytes: c };
    }
  } else if (b0 === GS) {
    switch (b1) {
      case 0x21:
        return { kind: 'size', n };
      case 0x48:
        return { kind: 'hri', n };
      case 0x68:
        return { kind: 'barcodeHeight', n };
      case 0x77:
        return { kind: 'barcodeWidth', n };
      case 0x61:
        return { kind: 'asb', n };
      case 0x56:
        return c.length === 4 ? { kind: 'cut', m: b2, n: c[3] ?? 0 } : { kind: 'cut', m: b2 };
      case 0x76:
        if (b2 === 0x30) {
          return { kind: 'raster', m: c[3] ?? 0, widthBytes: (c[4] ?? 0) + (c[5] ?? 0) * 256, height: (c[6] ?? 0) + (c[7] ?? 0) * 256, data: c.subarray(8) };
        }
        break;
      case 0x28:
        if (c.length >= 7) return { kind: 'gsParen', letter: b2, cn: c[5] ?? 0, fn: c[6] ?? 0, payload: c.subarray(7) };
        break;
      case 0x6b:
        return b2 <= 6 ? { kind: 'barcode', m: b2, data: c.subarray(3, c.length - 1) } : { kind: 'barcode', m: b2, data: c.subarray(4) };
    }
  } else if (b0 === FS && b1 === 0x2e) {
    return { kind: 'cancelKanji' };
  } else if (b0 === DLE && b1 === 0x04) {
    return { kind: 'realtimeStatus', n };
  }
  return { kind: 'other', bytes: c };
}

/** Tokenize as far as complete commands go. Never throws. */
export function tokenize(buf: Uint8Array): TokenizeResult {
  const tokens: Token[] = [];
  const spans: [number, number][] = [];
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] ?? 0;
    if (isTextByte(b)) {
      let j = i;
      while (j < buf.length && isTextByte(buf[j] ?? 0)) j++;
      tokens.push({ kind: 'text', bytes: buf.slice(i, j) });
      spans.push([i, j]);
      i = j;
      continue;
    }
    if (b === ESC || b === GS || b === FS || b === DLE) {
      const len = commandLength(buf, i);
      if (len < 0) break;
      tokens.push(toToken(buf.slice(i, i + len)));
      spans.push([i, i + len]);
      i += len;
      continue;
    }
    const ctl = CONTROLS.get(b);
    tokens.push(ctl ? { kind: ctl } : { kind: 'other', bytes: buf.slice(i, i + 1) });
    spans.push([i, i + 1]);
    i++;
  }
  return { tokens, spans, consumed: i };
}
