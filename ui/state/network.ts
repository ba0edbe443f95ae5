/**
 * Whether the kiosk reaches the public-service backend, from main's `network.status` event (and
 * `kiosk.status` once at start). The banner reads it; nothing personal here.
 */
import { signal } from '@preact/signals';
import { invoke, on } from '../bridge';

export const networkOnline = signal(true);

let installed: (() => void) | null = null;

export function installNetworkWatch(): () => void {
  if (installed) return installed;
  const off = on('network.status', (p) => {
    networkOnline.value = p.online;
  });
  void invoke('kiosk.status', {}).then((r) => {
    if (r.ok) networkOnline.value = r.value.online;
  });
  installed = () => {
    off();
    installed = null;
  };
  return installed;
}
