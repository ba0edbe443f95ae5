/**
 * The Electron shell's preload (sandboxed, context-isolated). It exposes exactly one object,
 * `window.kiosk = { invoke, on }`, and never hands `ipcRenderer` (or any Electron object) to the
 * page. It also applies the page-side lockdown the main process cannot (context menu, Backspace
 * outside text fields, drag, ctrl-wheel zoom).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on('kiosk:event', (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of Array.from(listeners.get(name) ?? [])) {
    try {
      listener(payload);
    } catch (err) {
      setTimeout(() => {
        throw err;
      }, 0);
    }
  }
});

// No printing from the page's own world (receipts go to the ESC/POS printer through main).
contextBridge.executeInMainWorld({
  func: () => {
    try {
      Object.defineProperty(window, 'print', { value: () => undefined, writable: false, configurable: false });
    } catch {
      /* already locked */
    }
  },
});

contextBridge.exposeInMainWorld('kiosk', {
  invoke(channel: unknown, payload: unknown): Promise<unknown> {
    return ipcRenderer
      .invoke('kiosk:invoke', String(channel), payload === undefined ? {} : payload)
      .catch(() => ({ ok: false, error: { code: 'internal', message: 'The bridge to the kiosk failed' } }));
  },
  on(event: unknown, listener: unknown): () => void {
    if (typeof listener !== 'function') throw new TypeError('kiosk.on: listener must be a function');
    const name = String(event);
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    const l = listener as Listener;
    set.add(l);
    return () => {
      set.delete(l);
    };
  },
});

function isEditable(el: Element | null): boolean {
  if (!el) return false;
  if ((el as HTMLElement).isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  if (!(el instanceof HTMLInputElement)) return false;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'image', 'range', 'color', 'hidden'].includes(el.type) && !el.readOnly && !el.disabled;
}

window.addEventListener('contextmenu', (e) => e.preventDefault(), true);
window.addEventListener('dragstart', (e) => e.preventDefault(), true);
window.addEventListener('drop', (e) => e.preventDefault(), true);
window.addEventListener('dragover', (e) => e.preventDefault(), true);
window.addEventListener(
  'wheel',
  (e) => {
    if (e.ctrlKey) e.preventDefault();
  },
  { capture: true, passive: false },
);
window.addEventListener(
  'keydown',
  (e) => {
    if (e.key === 'Backspace' && !isEditable(document.activeElement)) e.preventDefault();
  },
  true,
);
