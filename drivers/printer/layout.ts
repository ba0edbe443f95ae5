/**
 * Receipt layout: a small document model (text, label/value fields, rules, QR, barcode, feeds)
 * laid out on a grid of character cells (Font A, 12 x 24 dots; 48 columns on 80 mm paper, 32 on
 * 58 mm). Pure, no I/O.
 *
 * The layout is computed once and then printed either with the printer's own font (code-page mode)
 * or as raster images (raster mode, see raster.ts). Both use the same laid-out lines: alignment is
 * done here with leading spaces, never with ESC a, so both modes break and indent every line at
 * the same place.
 *
 * Columns are counted on NFC text, one per character; combining marks take none (in Windows-1258
 * a tone mark is a separate byte that does not advance the print position). Control characters are
 * removed, tabs become spaces: text from residents and the backend never carries printer commands.
 */
import type { Align } from './protocol/escpos';

export type TextSize = 1 | 2 | 3;

export interface TextStyle {
  align?: Align;
  bold?: boolean;
  /** Width and height magnification (GS !). */
  size?: TextSize;
}

export type DocBlock =
  | { type: 'text'; text: string; style?: TextStyle; maxLines?: number }
  /** `label: value`, the value wrapped under itself (hanging indent) when it is long. */
  | { type: 'field'; label: string; value: string; bold?: boolean; maxLines?: number }
  /** Label on the left, value on the right of the same line when both fit, else two lines. */
  | { type: 'pair'; label: string; value: string; bold?: boolean }
  | { type: 'rule'; char?: string }
  | { type: 'qr'; data: string; moduleSize?: number }
  | { type: 'barcode'; data: string; height?: number; moduleWidth?: number }
  | { type: 'feed'; lines: number };

export interface PrintDocument {
  blocks: DocBlock[];
  /** Cut at the end (if the printer has a cutter). Default true. */
  cut?: boolean;
}

export type LayoutItem =
  | { type: 'line'; text: string; size: TextSize; bold: boolean }
  | { type: 'qr'; data: string; moduleSize: number }
  | { type: 'barcode'; data: string; height: number; moduleWidth: number }
  | { type: 'feed'; lines: number };

export interface Layout {
  columns: number;
  items: LayoutItem[];
  cut: boolean;
}

/** Dots per character cell (Font A is 12 x 24 dots). */
export const CELL_WIDTH = 12;
export const CELL_HEIGHT = 24;

/** Longest a single text block may run before it is cut with an ellipsis. */
export const DEFAULT_MAX_LINES = 8;

const MARK = /\p{M}/u;

/** NFC, controls removed, tabs and newlines to spaces, runs of spaces collapsed. */
export function cleanText(text: unknown): string {
  const s = typeof text === 'string' ? text : text === undefined || text === null ? '' : String(text);
  return (
    s
      .normalize('NFC')
      .replace(/[\t\n\r\v\f]/g, ' ')
      // control characters and invisible formatting marks, removed on purpose
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, '')
      .replace(/ {2,}/g, ' ')
      .trim()
  );
}

/** Printed columns of NFC text: one per character, combining marks none. */
export function textColumns(text: string): number {
  let n = 0;
  for (const ch of text) if (!MARK.test(ch)) n++;
  return n;
}

/** The characters of `text` as cells: each base character with the marks that follow it. */
export function textCells(text: string): string[] {
  const cells: string[] = [];
  for (const ch of text) {
    if (MARK.test(ch) && cells.length > 0) cells[cells.length - 1] += ch;
    else cells.push(ch);
  }
  return cells;
}

function sliceColumns(text: string, from: number, to: number): string {
  return textCells(text).slice(from, to).join('');
}

/**
 * Word-wrap to `width` columns. Breaks at spaces; a word longer than a line is broken hard.
 * `firstWidth` lets the first line be shorter (after a label).
 */
export function wrapText(text: string, width: number, firstWidth = width): string[] {
  const clean = cleanText(text);
  if (clean === '') return [''];
  const lines: string[] = [];
  let line = '';
  let lineCols = 0;
  const limit = (): number => Math.max(1, lines.length === 0 ? firstWidth : width);
  const push = (): void => {
    lines.push(line);
    line = '';
    lineCols = 0;
  };
  for (const word of clean.split(' ')) {
    let w = word;
    let wCols = textColumns(w);
    if (lineCols > 0 && lineCols + 1 + wCols <= limit()) {
      line += ` ${w}`;
      lineCols += 1 + wCols;
      continue;
    }
    if (lineCols > 0) push();
    while (wCols > limit()) {
      const room = limit();
      lines.push(sliceColumns(w, 0, room));
      w = sliceColumns(w, room, Infinity);
      wCols -= room;
    }
    line = w;
    lineCols = wCols;
  }
  if (lineCols > 0 || lines.length === 0) push();
  return lines;
}

function clampLines(lines: string[], max: number, width: number): string[] {
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  const last = kept[max - 1] ?? '';
  const cells = textCells(last);
  kept[max - 1] = (cells.length + 3 > width ? cells.slice(0, Math.max(0, width - 3)).join('') : last) + '...';
  return kept;
}

function pad(text: string, width: number, align: Align): string {
  const free = Math.max(0, width - textColumns(text));
  if (align === 'left') return text;
  const left = align === 'center' ? Math.floor(free / 2) : free;
  return ' '.repeat(left) + text;
}

/** Lay a document out on `columns` character columns (Font A). */
export function layoutDocument(doc: PrintDocument, columns: number): Layout {
  const items: LayoutItem[] = [];
  const line = (text: string, size: TextSize = 1, bold = false): void => {
    items.push({ type: 'line', text, size, bold });
  };
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'text': {
        const size = block.style?.size ?? 1;
        const width = Math.max(1, Math.floor(columns / size));
        const align = block.style?.align ?? 'left';
        const lines = clampLines(wrapText(block.text, width), block.maxLines ?? DEFAULT_MAX_LINES, width);
        for (const l of lines) line(pad(l, width, align), size, block.style?.bold ?? false);
        break;
      }
      case 'field': {
        const label = cleanText(block.label);
        const value = cleanText(block.value) || '-';
        const head = label ? (/[.:]$/.test(label) ? `${label} ` : `${label}: `) : '';
        const indent = textColumns(head);
        if (indent > columns / 2) {
          // A label too long for a hanging indent: label on its own line(s), value below.
          for (const l of wrapText(label + ':', columns)) line(l, 1, block.bold ?? false);
          for (const l of clampLines(wrapText(value, columns), block.maxLines ?? DEFAULT_MAX_LINES, columns)) line(l);
          break;
        }
        const wrapped = clampLines(wrapText(value, columns - indent), block.maxLines ?? DEFAULT_MAX_LINES, columns - indent);
        wrapped.forEach((l, i) => line((i === 0 ? head : ' '.repeat(indent)) + l, 1, block.bold ?? false));
        break;
      }
      case 'pair': {
        const label = cleanText(block.label);
        const value = cleanText(block.value) || '-';
        const lc = textColumns(label);
        const vc = textColumns(value);
        if (lc + 1 + vc <= columns) {
          line(label + ' '.repeat(columns - lc - vc) + value, 1, block.bold ?? false);
        } else {
          for (const l of wrapText(label, columns)) line(l, 1, block.bold ?? false);
          for (const l of clampLines(wrapText(value, columns), DEFAULT_MAX_LINES, columns)) line(pad(l, columns, 'right'), 1, block.bold ?? false);
        }
        break;
      }
      case 'rule': {
        const ch = cleanText(block.char ?? '-').slice(0, 1) || '-';
        line(ch.repeat(columns));
        break;
      }
      case 'qr': {
        const data = block.data.normalize('NFC');
        if (data.length > 0) items.push({ type: 'qr', data, moduleSize: block.moduleSize ?? 6 });
        break;
      }
      case 'barcode': {
        // CODE128 set B: printable ASCII only. Anything else is left out rather than misprinted.
        const data = Array.from(block.data)
          .filter((c) => c >= ' ' && c <= '~')
          .join('');
        // Set B: 11 modules a character, start, check and stop, 2-module end bar, quiet zones.
        const modules = 11 * (data.length + 3) + 2 + 20;
        const moduleWidth = Math.min(block.moduleWidth ?? 2, Math.floor((columns * CELL_WIDTH) / modules));
        if (data.length > 0 && moduleWidth >= 1) {
          items.push({ type: 'barcode', data, height: block.height ?? 64, moduleWidth });
        }
        break;
      }
      case 'feed':
        if (block.lines > 0) items.push({ type: 'feed', lines: Math.min(10, Math.floor(block.lines)) });
        break;
    }
  }
  return { columns, items, cut: doc.cut ?? true };
}

/** Plain-text rendering of a layout (what a technician sees with `print --out x.txt`, and tests). */
export function layoutText(layout: Layout): string {
  return layout.items
    .map((it) => {
      switch (it.type) {
        case 'line':
          return it.text;
        case 'qr':
          return `[QR ${it.data}]`;
        case 'barcode':
          return `[CODE128 ${it.data}]`;
        case 'feed':
          return '\n'.repeat(it.lines - 1);
      }
    })
    .join('\n');
}
