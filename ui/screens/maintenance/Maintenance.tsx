/**
 * The technician's screens (issue 14): devices with live status, last error and since when (with
 * test print, test scan and the outbox's dead letters), the site configuration, the logs and the
 * controls. Every action goes through main (`maintenance.*`, `deadletter.*`, `siteconfig.*`,
 * `logs.read`, `audit.list`), which refuses them unless a technician is in maintenance mode.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ResponseOf } from '../../../main/ipc/contract';
import { invoke } from '../../bridge';
import { t } from '../../i18n';
import { formatDateTime } from '../../../common/vietnam-time';
import { formatMoney } from '../../../common/money';
import { lastTestScan, maintenanceWho } from '../../state/maintenance';
import { PinPad } from './Entry';
import { CameraPreview, CardTest, DeviceSetup, LogExport } from './Setup';

/** A click handler that runs an async action (errors answer as results: nothing to catch). */
const fire =
  <A extends unknown[]>(f: (...a: A) => Promise<unknown>) =>
  (...a: A): void =>
    void f(...a);

type Tab = 'devices' | 'setup' | 'config' | 'logs' | 'controls';
type Diag = ResponseOf<'maintenance.diagnostics'>;

const DEVICE_NAMES: Record<string, string> = {
  scanner: 'Máy quét mã',
  printer: 'Máy in',
  cardReader: 'Đầu đọc thẻ',
  camera: 'Camera',
  backend: 'Kết nối máy chủ',
  outbox: 'Hàng đợi gửi',
  disk: 'Ổ đĩa',
  clock: 'Đồng hồ',
};
const STATE_NAMES: Record<string, string> = { ok: 'Tốt', warning: 'Cần chú ý', error: 'Lỗi', not_configured: 'Chưa cấu hình' };

function Devices() {
  const [diag, setDiag] = useState<Diag | null>(null);
  const [note, setNote] = useState('');
  const [confirm, setConfirm] = useState<{ id: string; ref: string } | null>(null);
  const load = async (refreshBackend = false) => {
    const r = await invoke('maintenance.diagnostics', { refreshBackend });
    if (r.ok) setDiag(r.value);
    else setNote(r.error.message);
  };
  useEffect(() => {
    void load(true);
    const id = setInterval(() => void load(), 3000);
    return () => clearInterval(id);
  }, []);
  const scan = lastTestScan.value;
  return (
    <div class="maint-panel" data-testid="maint-devices">
      <ul class="maint-devices">
        {diag?.devices.map((d) => (
          <li key={d.id} class={`maint-device state-${d.state}`} data-testid={`maint-device-${d.id}`} data-state={d.state}>
            <strong>{DEVICE_NAMES[d.id] ?? d.id}</strong>: {STATE_NAMES[d.state]} ({t('maint.since', { time: formatDateTime(d.since) })})
            <div class="maint-detail">{d.detail}</div>
            {d.lastError && <div class="maint-error">{t('maint.lastError', { error: d.lastError, time: formatDateTime(d.lastErrorAt ?? d.since) })}</div>}
          </li>
        ))}
      </ul>
      <div class="maint-row">
        <button type="button" class="btn" data-testid="maint-refresh" onClick={() => void load(true)}>
          {t('maint.refresh')}
        </button>
        <button
          type="button"
          class="btn btn-primary"
          data-testid="maint-test-print"
          onClick={fire(async () => {
            const r = await invoke('maintenance.print', {});
            setNote(r.ok ? t('maint.testPrinted', { state: r.value.state }) : r.error.message);
          })}
        >
          {t('maint.testPrint')}
        </button>
      </div>
      <p role="status" data-testid="maint-note">
        {note}
      </p>
      <p>{t('maint.testScan')}</p>
      {scan && (
        <pre class="maint-scan" data-testid="maint-scan" data-kind={scan.kind}>
          {t('maint.testScanResult', { kind: scan.kind })}
          {'\n'}
          {JSON.stringify(scan.fields, null, 1)}
        </pre>
      )}
      <CardTest />
      <CameraPreview />
      <h2>{t('maint.payments', { n: diag?.payments.length ?? 0 })}</h2>
      <ul class="maint-dead" data-testid="maint-payments">
        {diag?.payments.map((p) => (
          <li key={`${p.dossierCode}-${p.createdAt}`} data-testid="maint-payment">
            {p.dossierCode} · {p.state}
            {p.unattended ? ` · ${t('maint.paymentUnattended')}` : ''} · {p.amount !== null ? formatMoney(p.amount) : '—'} · {formatDateTime(p.createdAt)}
            {p.lastError ? ` · ${p.lastError}` : ''}
          </li>
        ))}
      </ul>
      <h2>{t('maint.deadLetters', { n: diag?.outbox.dead ?? 0 })}</h2>
      <ul class="maint-dead">
        {diag?.outbox.deadLetters.map((d) => (
          <li key={d.id} data-testid="maint-dead">
            {d.localRef} · {d.kind} · {formatDateTime(d.queuedAt)} · {d.lastError}
            <div class="maint-row">
              <button
                type="button"
                class="btn"
                onClick={fire(async () => {
                  await invoke('deadletter.requeue', { id: d.id });
                  void load();
                })}
              >
                {t('maint.requeue')}
              </button>
              <button type="button" class="btn" onClick={() => setConfirm({ id: d.id, ref: d.localRef })}>
                {t('maint.drop')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {confirm && (
        <div class="maint-confirm" role="alertdialog" aria-modal="true" aria-label={t('maint.drop')}>
          <p>{t('maint.dropConfirm', { ref: confirm.ref })}</p>
          <div class="maint-row">
            <button
              type="button"
              class="btn btn-finish"
              onClick={fire(async () => {
                await invoke('deadletter.drop', { id: confirm.id, confirm: true });
                setConfirm(null);
                void load();
              })}
            >
              {t('maint.confirm')}
            </button>
            <button type="button" class="btn" onClick={() => setConfirm(null)}>
              {t('maint.cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

const FIELD_NAMES: Record<string, string> = {
  'backend.url': 'Địa chỉ máy chủ (backend.url)',
  'backend.token': 'Mã truy cập máy chủ (backend.token)',
  'ui.idleTimeoutSeconds': 'Thời gian chờ (giây)',
  'ui.idleWarningSeconds': 'Cảnh báo trước khi hết giờ (giây)',
  'ui.readingIdleTimeoutSeconds': 'Thời gian chờ màn hình đọc (giây)',
  profile: 'Loại điểm đặt (apartment, service-center)',
  language: 'Ngôn ngữ mặc định (vi, en)',
};

function Config() {
  const [view, setView] = useState<ResponseOf<'siteconfig.get'> | null>(null);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const load = async () => {
    const r = await invoke('siteconfig.get', {});
    if (r.ok) setView(r.value);
  };
  useEffect(() => void load(), []);
  if (!view) return null;
  // The devices' keys are set on the setup tab (with a trial first).
  const keys = [...Object.keys(view.values).filter((k) => !k.startsWith('devices.')), ...Object.keys(view.secretsSet).filter((k) => k in FIELD_NAMES)];
  const save = async () => {
    const r = await invoke('siteconfig.save', { changes: edits });
    if (!r.ok) return setResult({ ok: false, text: r.error.message });
    setEdits({});
    setResult({
      ok: true,
      text: `${t('maint.saved')} ${r.value.restartNeeded.length ? t('maint.restartNeeded', { keys: r.value.restartNeeded.join(', ') }) : ''}`,
    });
    void load();
  };
  return (
    <div class="maint-panel" data-testid="maint-config">
      {!view.file && <p class="maint-error">{t('maint.noFile')}</p>}
      {keys.map((k) => {
        const secret = k in view.secretsSet;
        const current = secret ? '' : String(view.values[k] ?? '');
        return (
          <label key={k} class="maint-field">
            <span>{FIELD_NAMES[k] ?? k}</span>
            <input
              class="maint-input"
              data-testid={`maint-field-${k}`}
              type={secret ? 'password' : 'text'}
              autoComplete="off"
              value={edits[k] ?? current}
              onInput={(e) => setEdits({ ...edits, [k]: (e.target as HTMLInputElement).value })}
            />
            {secret && <small>{view.secretsSet[k] ? t('maint.secretSet') : t('maint.secretUnset')}</small>}
          </label>
        );
      })}
      <button type="button" class="btn btn-primary" data-testid="maint-save" disabled={Object.keys(edits).length === 0} onClick={() => void save()}>
        {t('maint.save')}
      </button>
      {result && (
        <p role="status" class={result.ok ? 'maint-ok' : 'maint-error'} data-testid="maint-save-result" data-ok={String(result.ok)}>
          {result.text}
        </p>
      )}
    </div>
  );
}

function Logs() {
  const [level, setLevel] = useState<'debug' | 'info' | 'warn' | 'error'>('info');
  const [text, setText] = useState('');
  const [records, setRecords] = useState<ResponseOf<'logs.read'>['records']>([]);
  useEffect(() => {
    void invoke('logs.read', { level, ...(text ? { text } : {}), limit: 200 }).then((r) => {
      if (r.ok) setRecords(r.value.records);
    });
  }, [level, text]);
  return (
    <div class="maint-panel" data-testid="maint-logs">
      <div class="maint-row">
        <label class="maint-field">
          <span>{t('maint.logLevel')}</span>
          <select class="maint-input" value={level} onChange={(e) => setLevel((e.target as HTMLSelectElement).value as typeof level)}>
            {['debug', 'info', 'warn', 'error'].map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label class="maint-field">
          <span>{t('maint.logText')}</span>
          <input class="maint-input" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      {records.length === 0 ? (
        <p>{t('maint.logNone')}</p>
      ) : (
        <ol class="maint-log">
          {records.map((r, i) => (
            <li key={i} class={`log-${r.level}`}>
              {r.time} {r.level.toUpperCase()} [{r.area}] {r.msg}
            </li>
          ))}
        </ol>
      )}
      <LogExport />
    </div>
  );
}

function Controls() {
  const [message, setMessage] = useState(t('maint.closeDefault'));
  const [closed, setClosed] = useState(false);
  const [closedBy, setClosedBy] = useState('');
  const [exitPin, setExitPin] = useState(false);
  const [note, setNote] = useState('');
  const [audit, setAudit] = useState<ResponseOf<'audit.list'>['entries']>([]);
  useEffect(() => {
    void invoke('maintenance.state', {}).then((r) => {
      if (!r.ok) return;
      setClosed(r.value.outOfService !== undefined);
      setClosedBy(
        r.value.outOfService !== undefined && r.value.outOfServiceSince
          ? t('maint.closedBy', { who: r.value.outOfServiceBy ?? '', time: formatDateTime(r.value.outOfServiceSince), message: r.value.outOfService })
          : '',
      );
    });
    void invoke('audit.list', {}).then((r) => r.ok && setAudit(r.value.entries));
  }, [closed]);
  if (exitPin)
    return (
      <PinPad
        title={t('maint.exitPin')}
        onBack={() => setExitPin(false)}
        onSubmit={fire(async (pin) => {
          const r = await invoke('maintenance.exit', { pin });
          setExitPin(false);
          if (!r.ok) setNote(r.error.message);
          else if (!r.value.exiting) setNote(t('maint.exitRefused', { reason: r.value.reason ?? '' }));
        })}
      />
    );
  return (
    <div class="maint-panel" data-testid="maint-controls">
      <div class="maint-row">
        <button type="button" class="btn" data-testid="maint-reload" onClick={() => location.reload()}>
          {t('maint.reload')}
        </button>
        <button
          type="button"
          class="btn"
          data-testid="maint-restart"
          onClick={fire(async () => {
            const r = await invoke('maintenance.restart', {});
            if (!r.ok) setNote(r.error.message);
            else setNote(r.value.restarting ? t('maint.restarting') : t('maint.restartNotAvailable'));
          })}
        >
          {t('maint.restart')}
        </button>
      </div>
      {closedBy && (
        <p class="maint-error" data-testid="maint-closed-by">
          {closedBy}
        </p>
      )}
      <label class="maint-field">
        <span>{t('maint.closeMsg')}</span>
        <input class="maint-input" data-testid="maint-close-message" value={message} onInput={(e) => setMessage((e.target as HTMLInputElement).value)} />
      </label>
      <div class="maint-row">
        <button
          type="button"
          class="btn"
          data-testid="maint-close"
          onClick={fire(async () => {
            const r = await invoke('maintenance.close', { message: closed ? null : message });
            if (r.ok) setClosed(r.value.outOfService);
          })}
        >
          {closed ? t('maint.open') : t('maint.close')}
        </button>
        <button type="button" class="btn btn-finish" data-testid="maint-exit" onClick={() => setExitPin(true)}>
          {t('maint.exit')}
        </button>
      </div>
      <p role="status">{note}</p>
      <h2>{t('maint.audit')}</h2>
      <ol class="maint-log" data-testid="maint-audit">
        {audit.map((a) => (
          <li key={a.id}>
            {formatDateTime(a.at)} · {a.technician} · {a.action} {a.detail}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function Maintenance() {
  const [tab, setTab] = useState<Tab>('devices');
  const tabs: Tab[] = ['devices', 'setup', 'config', 'logs', 'controls'];
  return (
    <section class="screen maint" data-testid="maintenance">
      <div class="maint-head">
        <h1>{t('maint.title')}</h1>
        <p>{t('maint.who', { who: maintenanceWho.value })}</p>
        <button type="button" class="btn btn-finish" data-testid="maint-leave" onClick={() => void invoke('maintenance.leave', {})}>
          {t('maint.leave')}
        </button>
      </div>
      <div class="maint-tabs" role="tablist">
        {tabs.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            aria-selected={tab === x}
            class={`btn${tab === x ? ' btn-primary' : ''}`}
            data-testid={`maint-tab-${x}`}
            onClick={() => setTab(x)}
          >
            {t(`maint.tab.${x}`)}
          </button>
        ))}
      </div>
      {tab === 'devices' && <Devices />}
      {tab === 'setup' && <DeviceSetup />}
      {tab === 'config' && <Config />}
      {tab === 'logs' && <Logs />}
      {tab === 'controls' && <Controls />}
    </section>
  );
}
