/**
 * The console's picture of the fleet (issue 16): every kiosk's last status, health and metrics
 * as received, whether it is stale, and an alert list. Payloads are parsed with the protocol's
 * strict schemas; one that does not parse is ignored (and counted), never trusted.
 */
import {
  CommandResult,
  HealthPayload,
  MetricsPayload,
  parseTopic,
  StatusPayload,
  type CommandResult as Result,
  type HealthPayload as Health,
  type MetricsPayload as Metrics,
  type StatusPayload as Status,
} from '../main/services/fleet/protocol';

export type Connection = 'online' | 'offline' | 'stale' | 'unknown';

export interface KioskView {
  key: string;
  site: string;
  kiosk: string;
  connection: Connection;
  status: Status | null;
  health: Health | null;
  metrics: Metrics | null;
  /** When anything was last heard from this kiosk (epoch ms). */
  lastSeen: number;
  lastResult: Result | null;
}

export interface Alert {
  id: number;
  at: string;
  key: string;
  site: string;
  kiosk: string;
  kind: 'offline' | 'stale' | 'paper_out' | 'paper_low' | 'cover_open' | 'device' | 'dead_letters' | 'backlog' | 'out_of_service';
  /** Vietnamese, for the operator. */
  text: string;
  cleared: boolean;
}

export interface FleetState {
  ingest(topic: string, payload: Buffer): { changed: KioskView | null; result: Result | null; alerts: Alert[] };
  /** Marks kiosks not heard from within `staleMs` as stale; returns those that changed. */
  sweep(nowMs?: number): { changed: KioskView[]; alerts: Alert[] };
  kiosks(): KioskView[];
  kiosk(key: string): KioskView | undefined;
  alerts(): Alert[];
  rejected(): number;
}

const ALERT_TEXT: Record<Alert['kind'], string> = {
  offline: 'Mất kết nối',
  stale: 'Không nhận được báo cáo',
  paper_out: 'Hết giấy',
  paper_low: 'Sắp hết giấy',
  cover_open: 'Nắp máy in đang mở',
  device: 'Thiết bị lỗi',
  dead_letters: 'Có hồ sơ gửi lỗi',
  backlog: 'Hồ sơ chờ gửi > 10',
  out_of_service: 'Tạm ngừng phục vụ',
};

export const BACKLOG_LIMIT = 10;

/** The alert conditions a kiosk is in now. */
function conditions(k: KioskView): Set<Alert['kind']> {
  const c = new Set<Alert['kind']>();
  if (k.connection === 'offline') c.add('offline');
  if (k.connection === 'stale') c.add('stale');
  if (k.status?.service === 'out_of_service') c.add('out_of_service');
  const h = k.health;
  if (h && k.connection !== 'offline') {
    if (h.devices.printer === 'paper_out') c.add('paper_out');
    if (h.devices.printer === 'paper_low') c.add('paper_low');
    if (h.devices.printer === 'cover_open') c.add('cover_open');
    if ([h.devices.printer, h.devices.scanner, h.devices.cardReader].some((s) => s === 'error' || s === 'disconnected')) c.add('device');
    if (h.outbox.dead > 0) c.add('dead_letters');
    if (h.outbox.pending > BACKLOG_LIMIT) c.add('backlog');
  }
  return c;
}

export function createFleetState(options: { prefix: string; staleMs: number; now?: () => number; maxAlerts?: number }): FleetState {
  const now = options.now ?? Date.now;
  const kiosks = new Map<string, KioskView>();
  const active = new Map<string, Set<Alert['kind']>>();
  const alerts: Alert[] = [];
  let alertId = 0;
  let rejected = 0;

  const diffAlerts = (k: KioskView): Alert[] => {
    const before = active.get(k.key) ?? new Set();
    const after = conditions(k);
    active.set(k.key, after);
    const fresh: Alert[] = [];
    for (const kind of after) {
      if (before.has(kind)) continue;
      const a: Alert = {
        id: ++alertId,
        at: new Date(now()).toISOString(),
        key: k.key,
        site: k.site,
        kiosk: k.kiosk,
        kind,
        text: ALERT_TEXT[kind],
        cleared: false,
      };
      alerts.unshift(a);
      fresh.push(a);
    }
    for (const a of alerts) {
      if (a.key === k.key && !a.cleared && !after.has(a.kind)) {
        a.cleared = true;
        fresh.push(a);
      }
    }
    alerts.splice(options.maxAlerts ?? 500);
    return fresh;
  };

  const connectionOf = (k: KioskView, t: number): Connection => {
    if (!k.status) return t - k.lastSeen > options.staleMs ? 'stale' : 'unknown';
    if (k.status.state === 'offline') return 'offline';
    return t - k.lastSeen > options.staleMs ? 'stale' : 'online';
  };

  return {
    ingest(topic, payload) {
      const where = parseTopic(options.prefix, topic);
      if (!where || where.kind === 'cmd') return { changed: null, result: null, alerts: [] };
      let value: unknown;
      try {
        value = JSON.parse(payload.toString('utf8'));
      } catch {
        rejected++;
        return { changed: null, result: null, alerts: [] };
      }
      const key = `${where.site}/${where.kiosk}`;
      let k = kiosks.get(key);
      const fresh = !k;
      k ??= { key, site: where.site, kiosk: where.kiosk, connection: 'unknown', status: null, health: null, metrics: null, lastSeen: 0, lastResult: null };
      let result: Result | null = null;
      const schema = { status: StatusPayload, health: HealthPayload, metrics: MetricsPayload, 'cmd-result': CommandResult }[where.kind];
      const parsed = schema.safeParse(value);
      if (!parsed.success || (parsed.data as { kiosk: string }).kiosk !== where.kiosk) {
        rejected++;
        return { changed: null, result: null, alerts: [] };
      }
      if (fresh) kiosks.set(key, k);
      if (where.kind === 'status') k.status = parsed.data as Status;
      if (where.kind === 'health') {
        const h = parsed.data as Health;
        // A report caught up after an outage may be older than the one we have.
        if (!k.health || h.at >= k.health.at) k.health = h;
      }
      if (where.kind === 'metrics') {
        const m = parsed.data as Metrics;
        if (!k.metrics || m.at >= k.metrics.at) k.metrics = m;
      }
      if (where.kind === 'cmd-result') result = k.lastResult = parsed.data as Result;
      // A retained status is a memory of the broker's, not a sign of life: its own time counts.
      const heard = where.kind === 'status' || where.kind === 'health' ? Date.parse((parsed.data as Status).at) : now();
      k.lastSeen = Math.max(k.lastSeen, Math.min(heard, now()));
      k.connection = connectionOf(k, now());
      return { changed: k, result, alerts: diffAlerts(k) };
    },
    sweep(t = now()) {
      const changed: KioskView[] = [];
      const fresh: Alert[] = [];
      for (const k of kiosks.values()) {
        const c = connectionOf(k, t);
        if (c === k.connection) continue;
        k.connection = c;
        changed.push(k);
        fresh.push(...diffAlerts(k));
      }
      return { changed, alerts: fresh };
    },
    kiosks: () => [...kiosks.values()].sort((a, b) => a.site.localeCompare(b.site) || a.kiosk.localeCompare(b.kiosk, 'en', { numeric: true })),
    kiosk: (key) => kiosks.get(key),
    alerts: () => alerts.slice(),
    rejected: () => rejected,
  };
}
