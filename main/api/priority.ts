/**
 * Lookups first (issue 15 item 1): the resident's requests (a lookup, a search, a payment) and the
 * outbox's deliveries share the kiosk's one link, and a request waits behind whatever is queued
 * at the link before it. The resident's API client marks each of its requests here; while a
 * resident is using the kiosk (a request on the link, or one answered in the last `holdMs`) the
 * outbox keeps no more in flight than the link itself holds plus one row
 * (main/services/outbox/window.ts), so the resident's next request finds no queue to wait behind.
 */
export interface LinkPriority {
  /** A resident's request starts; call the answer when it ends (answered, failed or aborted). */
  begin(): () => void;
  /** A resident's request is on the link, or was answered less than `holdMs` ago. */
  busy(): boolean;
}

export function createLinkPriority(options: { holdMs?: number; now?: () => number } = {}): LinkPriority {
  const holdMs = options.holdMs ?? 30_000;
  const now = options.now ?? (() => performance.now());
  let open = 0;
  let lastEnd = Number.NEGATIVE_INFINITY;
  return {
    begin() {
      open += 1;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        open -= 1;
        lastEnd = now();
      };
    },
    busy: () => open > 0 || now() - lastEnd < holdMs,
  };
}
