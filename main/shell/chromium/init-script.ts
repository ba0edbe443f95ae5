/**
 * The script the Chromium shell runs in every frame before any page script (context.addInitScript).
 * It builds `window.kiosk` on top of the raw binding, hides the binding, keeps the dispatcher main
 * uses to push events, and applies the page-side lockdown (keys, context menu, selection, drag,
 * pinch and ctrl-wheel zoom, window.open, print, navigation to other origins, target=_blank links).
 *
 * It is plain JavaScript text (not a serialised TypeScript function) so that no transpiler
 * helper can leak into it.
 */
import { KEY_MATCHER_SOURCE, SWALLOWED_KEYS } from '../common/keys';

export interface InitScriptOptions {
  /** Our origin, e.g. `https://kiosk.invalid`. */
  origin: string;
  /** Name of the raw binding from `context.exposeBinding`; removed from window by this script. */
  bindingName: string;
  /** Name of the hidden (non-enumerable) dispatcher main calls to push events. */
  dispatcherName: string;
  /** Developer aid: let the devtools keys through. */
  allowDevTools?: boolean;
  /** Default true. false only in the test that proves the profile's prefs without the page's help. */
  swallowKeys?: boolean;
}

const STYLE = [
  'html,body{-webkit-user-select:none;user-select:none;-webkit-touch-callout:none;',
  '-webkit-user-drag:none;touch-action:pan-x pan-y;overscroll-behavior:none}',
  'input,textarea,[contenteditable],[contenteditable] *{-webkit-user-select:text;user-select:text}',
].join('');

export function buildInitScript(options: InitScriptOptions): string {
  const j = (v: unknown) => JSON.stringify(v);
  return `(function () {
'use strict';
var ORIGIN = ${j(options.origin)};
var BINDING = ${j(options.bindingName)};
var DISPATCH = ${j(options.dispatcherName)};
var RULES = ${j(options.swallowKeys === false ? [] : options.allowDevTools ? SWALLOWED_KEYS.filter((r) => !r.why.startsWith('devtools')) : SWALLOWED_KEYS)};
var STYLE = ${j(STYLE)};
var matchKey = (${KEY_MATCHER_SOURCE});
var w = window;
var raw = w[BINDING];
try { delete w[BINDING]; } catch (e) {}
if (BINDING in w) { try { Object.defineProperty(w, BINDING, { value: undefined, writable: false, configurable: false }); } catch (e) {} }

function isEditable(el) {
  if (!el || el.nodeType !== 1) return false;
  if (el.isContentEditable) return true;
  var tag = el.tagName;
  if (tag === 'TEXTAREA') return !el.readOnly && !el.disabled;
  if (tag !== 'INPUT') return false;
  var t = (el.type || 'text').toLowerCase();
  return ['text', 'search', 'tel', 'url', 'email', 'password', 'number', 'date', 'time', 'datetime-local', 'month', 'week'].indexOf(t) >= 0 && !el.readOnly && !el.disabled;
}
function stop(e) { e.preventDefault(); e.stopImmediatePropagation(); }
function sameOrigin(url) { try { return new URL(url, location.href).origin === ORIGIN; } catch (e) { return false; } }

w.addEventListener('keydown', function (e) {
  var rule = matchKey(RULES, { key: e.key, ctrl: e.ctrlKey, shift: e.shiftKey, alt: e.altKey, meta: e.metaKey, editable: isEditable(document.activeElement) });
  if (rule) stop(e);
}, true);
w.addEventListener('contextmenu', stop, true);
w.addEventListener('dragstart', stop, true);
w.addEventListener('dragover', function (e) { e.preventDefault(); }, true);
w.addEventListener('drop', stop, true);
w.addEventListener('selectstart', function (e) { if (!isEditable(e.target && e.target.nodeType === 1 ? e.target : document.activeElement)) e.preventDefault(); }, true);
w.addEventListener('wheel', function (e) { if (e.ctrlKey) e.preventDefault(); }, { capture: true, passive: false });
w.addEventListener('touchmove', function (e) { if (e.touches && e.touches.length > 1) e.preventDefault(); }, { capture: true, passive: false });
w.addEventListener('click', function (e) {
  var a = e.target && e.target.closest ? e.target.closest('a[href]') : null;
  if (!a) return;
  var target = (a.getAttribute('target') || '').toLowerCase();
  if ((target && target !== '_self') || a.hasAttribute('download') || !sameOrigin(a.href)) stop(e);
}, true);
w.addEventListener('submit', function (e) { var f = e.target; if (f && f.action && !sameOrigin(f.action)) stop(e); }, true);
if (w.navigation && w.navigation.addEventListener) {
  w.navigation.addEventListener('navigate', function (e) {
    if (e.cancelable && !sameOrigin(e.destination.url)) e.preventDefault();
  });
}
try { Object.defineProperty(w, 'open', { value: function () { return null; }, writable: false, configurable: false }); } catch (e) {}
try { Object.defineProperty(w, 'print', { value: function () {}, writable: false, configurable: false }); } catch (e) {}
function addStyle() {
  try {
    var s = document.createElement('style');
    s.setAttribute('data-kiosk-lockdown', '');
    s.textContent = STYLE;
    (document.head || document.documentElement).appendChild(s);
  } catch (e) {}
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', addStyle, { once: true }); else addStyle();

if (w.top !== w || location.origin !== ORIGIN || typeof raw !== 'function') return;

var listeners = Object.create(null);
var queue = [];
var ready = false;
function deliver(name, payload) {
  var set = listeners[name];
  if (!set) return;
  Array.from(set).forEach(function (l) {
    try { l(payload); } catch (err) { setTimeout(function () { throw err; }, 0); }
  });
}
function markReady() {
  if (ready) return;
  ready = true;
  queue.splice(0).forEach(function (ev) { deliver(ev[0], ev[1]); });
}
function soonReady() {
  if (ready) return;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { setTimeout(markReady, 0); }, { once: true });
  else setTimeout(markReady, 0);
}
// Events that arrive before the UI has subscribed are kept (at most 100) until it does,
// or until 5 s after load, whichever comes first.
w.addEventListener('load', function () { setTimeout(markReady, 5000); }, { once: true });
Object.defineProperty(w, DISPATCH, {
  value: function (name, payload) {
    if (!ready) { if (queue.length < 100) queue.push([String(name), payload]); return; }
    deliver(String(name), payload);
  },
  enumerable: false, writable: false, configurable: false,
});
var kiosk = Object.freeze({
  invoke: function (channel, payload) {
    return Promise.resolve()
      .then(function () { return raw(String(channel), payload === undefined ? {} : payload); })
      .then(null, function () { return { ok: false, error: { code: 'internal', message: 'The bridge to the kiosk failed' } }; });
  },
  on: function (event, listener) {
    if (typeof listener !== 'function') throw new TypeError('kiosk.on: listener must be a function');
    var name = String(event);
    var set = listeners[name] || (listeners[name] = new Set());
    set.add(listener);
    soonReady();
    return function () { set.delete(listener); };
  },
});
Object.defineProperty(w, 'kiosk', { value: kiosk, enumerable: true, writable: false, configurable: false });
})();`;
}
