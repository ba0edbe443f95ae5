/**
 * The keys a kiosk swallows: reload, devtools, print, save, open, view-source, zoom, find,
 * history navigation, new window/tab, the browser's own windows and menus (Task Manager, help,
 * bookmarks, clear data, app and profile menus), and Backspace outside text fields. One table for both
 * shells: the Electron main process checks it in `before-input-event`, the Chromium shell's init
 * script checks it in a capturing `keydown` listener (with the same matcher, as JavaScript text).
 */

export interface KeyRule {
  /** `KeyboardEvent.key`, compared case-insensitively (Ctrl+Shift+I gives "I"). */
  key: string;
  /** true: Ctrl (or Cmd) must be held; false: must not be; absent: either. */
  ctrl?: boolean;
  shift?: boolean;
  alt?: boolean;
  /** Swallowed only when the focus is not in a text field. */
  outsideEditable?: boolean;
  why: string;
}

export interface KeyInput {
  key: string;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  meta: boolean;
  /** Whether the focus is in a text field; unknown (undefined) counts as not editable only for rules that need it known. */
  editable?: boolean | undefined;
}

export const SWALLOWED_KEYS: readonly KeyRule[] = [
  { key: 'F5', why: 'reload' },
  { key: 'r', ctrl: true, why: 'reload (Ctrl+R, Ctrl+Shift+R)' },
  { key: 'BrowserRefresh', why: 'reload' },
  { key: 'F12', why: 'devtools' },
  { key: 'i', ctrl: true, shift: true, why: 'devtools' },
  { key: 'j', ctrl: true, shift: true, why: 'devtools console' },
  { key: 'c', ctrl: true, shift: true, why: 'devtools inspector' },
  { key: 'u', ctrl: true, why: 'view source' },
  { key: 'p', ctrl: true, why: 'print' },
  { key: 's', ctrl: true, why: 'save page' },
  { key: 'o', ctrl: true, why: 'open file' },
  { key: '+', ctrl: true, why: 'zoom in' },
  { key: '=', ctrl: true, why: 'zoom in' },
  { key: '-', ctrl: true, why: 'zoom out' },
  { key: '_', ctrl: true, why: 'zoom out' },
  { key: '0', ctrl: true, why: 'zoom reset' },
  { key: 'f', ctrl: true, why: 'find bar' },
  { key: 'g', ctrl: true, why: 'find next' },
  { key: 'F3', why: 'find next' },
  { key: 'h', ctrl: true, why: 'history' },
  { key: 'j', ctrl: true, shift: false, why: 'downloads' },
  { key: 'd', ctrl: true, why: 'bookmark' },
  { key: 'l', ctrl: true, why: 'address bar' },
  { key: 'n', ctrl: true, why: 'new window' },
  { key: 't', ctrl: true, why: 'new tab' },
  { key: 'w', ctrl: true, why: 'close tab' },
  { key: 'q', ctrl: true, why: 'quit' },
  { key: 'F4', alt: true, why: 'close window' },
  { key: 'F6', why: 'focus address bar' },
  { key: 'F7', why: 'caret browsing' },
  { key: 'F10', why: 'menu' },
  { key: 'F11', why: 'leave full screen' },
  { key: 'ArrowLeft', alt: true, why: 'history back' },
  { key: 'ArrowRight', alt: true, why: 'history forward' },
  { key: 'Home', alt: true, why: 'home page' },
  { key: 'BrowserBack', why: 'history back' },
  { key: 'BrowserForward', why: 'history forward' },
  { key: 'BrowserHome', why: 'home page' },
  { key: 'BrowserSearch', why: 'search' },
  { key: 'Escape', shift: true, ctrl: false, alt: false, why: 'Task Manager (its End process kills the page)' },
  { key: 'F1', why: 'help page' },
  { key: 'Delete', ctrl: true, shift: true, why: 'clear browsing data' },
  { key: 'b', ctrl: true, shift: true, why: 'bookmarks bar' },
  { key: 'o', ctrl: true, shift: true, why: 'bookmark manager' },
  { key: 'm', ctrl: true, shift: true, why: 'profile menu' },
  { key: 'a', ctrl: true, shift: true, why: 'tab search' },
  { key: 'k', ctrl: true, why: 'search from the address bar' },
  { key: 'e', ctrl: true, why: 'search from the address bar' },
  { key: 'f', alt: true, ctrl: false, why: 'app menu' },
  { key: 'e', alt: true, ctrl: false, why: 'app menu' },
  { key: 'd', alt: true, ctrl: false, why: 'address bar' },
  { key: 'i', alt: true, shift: true, why: 'feedback form' },
  { key: 'F10', shift: true, why: 'context menu' },
  { key: 'ContextMenu', why: 'context menu' },
  { key: 'Tab', ctrl: true, why: 'next tab' },
  { key: 'PageUp', ctrl: true, why: 'previous tab' },
  { key: 'PageDown', ctrl: true, why: 'next tab' },
  { key: 'Backspace', outsideEditable: true, why: 'history back (old browsers)' },
];

/**
 * The matcher, as JavaScript source, so the Chromium shell's init script runs exactly this code
 * in the page. `isSwallowedKey` below is the same logic in TypeScript; a unit test runs both
 * over the same inputs.
 */
export const KEY_MATCHER_SOURCE = `function (rules, input) {
  var key = String(input.key || '').toLowerCase();
  var ctrl = !!(input.ctrl || input.meta);
  for (var i = 0; i < rules.length; i++) {
    var r = rules[i];
    if (r.key.toLowerCase() !== key) continue;
    if (r.ctrl !== undefined && r.ctrl !== ctrl) continue;
    if (r.shift !== undefined && r.shift !== !!input.shift) continue;
    if (r.alt !== undefined && r.alt !== !!input.alt) continue;
    if (r.outsideEditable && input.editable !== false) continue;
    return r;
  }
  return null;
}`;

/** The rule that swallows this key press, or undefined. Ctrl and Cmd (meta) count the same. */
export function matchKeyRule(input: KeyInput, rules: readonly KeyRule[] = SWALLOWED_KEYS): KeyRule | undefined {
  const key = input.key.toLowerCase();
  const ctrl = input.ctrl || input.meta;
  for (const r of rules) {
    if (r.key.toLowerCase() !== key) continue;
    if (r.ctrl !== undefined && r.ctrl !== ctrl) continue;
    if (r.shift !== undefined && r.shift !== input.shift) continue;
    if (r.alt !== undefined && r.alt !== input.alt) continue;
    // Backspace is swallowed only when we know the focus is outside a text field.
    if (r.outsideEditable && input.editable !== false) continue;
    return r;
  }
  return undefined;
}

export function isSwallowedKey(input: KeyInput): boolean {
  return matchKeyRule(input) !== undefined;
}
