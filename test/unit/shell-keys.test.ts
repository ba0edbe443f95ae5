/**
 * The key-swallow table both shells use, and the parity of its two matchers (the TypeScript one
 * for Electron, the JavaScript text the Chromium shell's init script runs in the page).
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { isSwallowedKey, KEY_MATCHER_SOURCE, matchKeyRule, SWALLOWED_KEYS, type KeyInput } from '../../main/shell/common/keys';

const press = (combo: string, editable?: boolean): KeyInput => {
  // "Ctrl++" is Ctrl and the plus key.
  const plus = combo === '+' || combo.endsWith('++');
  const parts = (plus ? combo.slice(0, -1) : combo).split('+').filter(Boolean);
  const key = plus ? '+' : parts.pop()!;
  return {
    key,
    ctrl: parts.includes('Ctrl'),
    shift: parts.includes('Shift'),
    alt: parts.includes('Alt'),
    meta: parts.includes('Meta'),
    editable,
  };
};

const SWALLOWED = [
  'F5',
  'Ctrl+r',
  'Ctrl+R',
  'Ctrl+Shift+R',
  'Meta+r',
  'Shift+F5',
  'Ctrl+F5',
  'F12',
  'Ctrl+Shift+I',
  'Ctrl+Shift+J',
  'Ctrl+Shift+C',
  'Ctrl+p',
  'Ctrl+s',
  'Ctrl+o',
  'Ctrl+u',
  'Ctrl++',
  'Ctrl+=',
  'Ctrl+-',
  'Ctrl+0',
  'Ctrl+Shift++',
  'Alt+ArrowLeft',
  'Alt+ArrowRight',
  'BrowserBack',
  'BrowserRefresh',
  'Ctrl+f',
  'Ctrl+n',
  'Ctrl+t',
  'Ctrl+w',
  'F11',
  'F7',
  'Alt+F4',
  'Ctrl+j',
  'Ctrl+h',
  'Shift+Escape',
  'F1',
  'Ctrl+Shift+Delete',
  'Ctrl+Shift+B',
  'Ctrl+Shift+O',
  'Ctrl+Shift+M',
  'Alt+f',
  'Alt+e',
  'Alt+d',
  'Shift+F10',
  'ContextMenu',
  'Ctrl+Tab',
  'Ctrl+PageDown',
  'Ctrl+k',
];
const ALLOWED = [
  'a',
  'A',
  'Shift+A',
  '0',
  '-',
  '+',
  'Enter',
  'Escape',
  'Tab',
  'ArrowLeft',
  'ArrowRight',
  'Ctrl+c',
  'Ctrl+v',
  'Ctrl+x',
  'Ctrl+a',
  'Ctrl+z',
  'Ctrl+i',
  'Shift+I',
  'Alt+a',
  'Delete',
  ' ',
  'Shift+Tab',
  'Ctrl+Escape',
];

describe('the key-swallow table', () => {
  it.each(SWALLOWED)('swallows %s', (combo) => {
    expect(isSwallowedKey(press(combo, false))).toBe(true);
  });

  it.each(ALLOWED)('lets %s through', (combo) => {
    expect(isSwallowedKey(press(combo, false))).toBe(false);
  });

  it('swallows Backspace only outside text fields (and not when unknown)', () => {
    expect(isSwallowedKey(press('Backspace', false))).toBe(true);
    expect(isSwallowedKey(press('Backspace', true))).toBe(false);
    expect(isSwallowedKey(press('Backspace', undefined))).toBe(false);
  });

  it('says why', () => {
    expect(matchKeyRule(press('F5'))?.why).toBe('reload');
    expect(matchKeyRule(press('Ctrl+Shift+I'))?.why).toMatch(/^devtools/);
    expect(matchKeyRule(press('Ctrl+p'))?.why).toBe('print');
  });

  it('every rule has a key and a reason', () => {
    for (const r of SWALLOWED_KEYS) {
      expect(r.key.length).toBeGreaterThan(0);
      expect(r.why.length).toBeGreaterThan(0);
    }
  });

  it('the page-side matcher (JavaScript text) agrees with the TypeScript one on every input', () => {
    const jsMatch = runInNewContext(`(${KEY_MATCHER_SOURCE})`) as (rules: unknown, input: KeyInput) => { why: string } | null;
    const keys = ['F5', 'r', 'R', 'i', 'I', 'p', '+', '=', '-', '0', 'ArrowLeft', 'Backspace', 'a', 'c', 'j', 'F12', 'F4', 'Enter'];
    let checked = 0;
    for (const key of keys) {
      for (let bits = 0; bits < 16; bits++) {
        for (const editable of [true, false, undefined]) {
          const input: KeyInput = { key, ctrl: !!(bits & 1), shift: !!(bits & 2), alt: !!(bits & 4), meta: !!(bits & 8), editable };
          const js = jsMatch(SWALLOWED_KEYS, input);
          expect(js?.why ?? null, JSON.stringify(input)).toBe(matchKeyRule(input)?.why ?? null);
          checked++;
        }
      }
    }
    expect(checked).toBe(keys.length * 16 * 3);
  });
});
