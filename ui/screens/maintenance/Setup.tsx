/**
 * Maintenance mode's device setup (issue 14), the test card read, the camera preview and the log
 * export. Everything goes through main (`setup.*`, `maintenance.cardtest`, `logs.targets`,
 * `logs.export`), which refuses it unless a technician is in maintenance mode. The camera is the
 * page's own (getUserMedia), open only while the preview is on screen.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RequestOf, ResponseOf } from '../../../main/ipc/contract';
import { invoke } from '../../bridge';
import { t, type MessageKey } from '../../i18n';

type Setup = ResponseOf<'setup.devices'>;
type Device = Setup['devices'][number];
type Choice = RequestOf<'setup.try'>['choice'];
type Role = Choice['role'];

const ROLES_BY_BUS: Record<Device['bus'], Role[]> = {
  serial: ['scanner', 'printer'],
  hid: ['scanner'],
  pcsc: ['cardReader'],
  video: ['documentCamera', 'scannerCamera'],
};

const BUS_NAMES: Record<Device['bus'], string> = { serial: 'Cổng nối tiếp', hid: 'HID', pcsc: 'Đầu đọc PC/SC', video: 'Camera' };

function deviceLabel(d: Device): string {
  const usb = d.usbVendorId ? ` · USB ${d.usbVendorId}:${d.usbProductId ?? '????'}` : '';
  return `${BUS_NAMES[d.bus]} · ${d.name ? `${d.name} · ` : ''}${d.id}${usb}${d.manual ? ` · ${t('setup.manual')}` : ''}`;
}

/** One device present: its role, its settings, "Thử" and the choice to save. */
function DeviceRow(props: { d: Device; profiles: Setup['profiles']; onChoose: (c: Choice | null) => void }) {
  const { d } = props;
  const [role, setRole] = useState<Role | ''>('');
  const [baud, setBaud] = useState('9600');
  const [suffix, setSuffix] = useState<'cr' | 'lf' | 'crlf' | 'none'>('cr');
  const [profile, setProfile] = useState('generic-80-raster');
  const [hidLayout, setHidLayout] = useState<'honeywell' | 'access-is' | 'idtech'>('honeywell');
  const [trial, setTrial] = useState<{ busy: boolean; ok?: boolean; text?: string }>({ busy: false });
  const choice = (): Choice | null => {
    if (!role) return null;
    const c: Choice = { role, device: d.bus === 'video' ? (d.name ?? d.id) : d.id, bus: d.bus };
    if (d.usbVendorId) c.usbVendorId = d.usbVendorId;
    if (d.usbProductId) c.usbProductId = d.usbProductId;
    if (d.bus === 'serial') c.baudRate = Number(baud);
    if (role === 'scanner' && d.bus === 'serial') c.suffix = suffix;
    if (role === 'printer') c.profile = profile;
    if (role === 'scanner' && d.bus === 'hid') c.hidLayout = hidLayout;
    return c;
  };
  useEffect(() => props.onChoose(choice()), [role, baud, suffix, profile, hidLayout]);
  const tryIt = async () => {
    const c = choice();
    if (!c) return;
    setTrial({ busy: true });
    const r = await invoke('setup.try', { choice: c, waitSeconds: 20 });
    if (!r.ok) return setTrial({ busy: false, ok: false, text: r.error.message });
    const scan = r.value.scan ? ` ${t('setup.scanned', { kind: r.value.scan.kind })}` : '';
    setTrial({ busy: false, ok: r.value.ok, text: `${r.value.ok ? t('setup.tryOk') : t('setup.tryFailed')}${scan} (${r.value.detail})` });
  };
  const testid = `setup-device-${d.id.replace(/[^A-Za-z0-9]+/g, '-')}`;
  return (
    <li class="maint-device setup-device" data-testid={testid}>
      <div>{deviceLabel(d)}</div>
      <div class="maint-row">
        <label class="maint-field">
          <span>{t('setup.role')}</span>
          <select class="maint-input" data-testid={`${testid}-role`} value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role | '')}>
            <option value="">{t('setup.role.none')}</option>
            {ROLES_BY_BUS[d.bus].map((r) => (
              <option key={r} value={r}>
                {t(`setup.role.${r}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        {role && d.bus === 'serial' && (
          <label class="maint-field">
            <span>{t('setup.baud')}</span>
            <select class="maint-input" value={baud} onChange={(e) => setBaud((e.target as HTMLSelectElement).value)}>
              {['9600', '19200', '38400', '57600', '115200'].map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </label>
        )}
        {role === 'scanner' && d.bus === 'serial' && (
          <label class="maint-field">
            <span>{t('setup.suffix')}</span>
            <select class="maint-input" value={suffix} onChange={(e) => setSuffix((e.target as HTMLSelectElement).value as typeof suffix)}>
              {(['cr', 'lf', 'crlf', 'none'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`setup.suffix.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
        )}
        {role === 'scanner' && d.bus === 'hid' && (
          <label class="maint-field">
            <span>{t('setup.hidLayout')}</span>
            <select class="maint-input" value={hidLayout} onChange={(e) => setHidLayout((e.target as HTMLSelectElement).value as typeof hidLayout)}>
              {(['honeywell', 'access-is', 'idtech'] as const).map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
        )}
        {role === 'printer' && (
          <label class="maint-field">
            <span>{t('setup.profile')}</span>
            <select class="maint-input" data-testid={`${testid}-profile`} value={profile} onChange={(e) => setProfile((e.target as HTMLSelectElement).value)}>
              {props.profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {`${p.id} · ${p.paperMm} mm · ${t('setup.codePage')} ${p.codePage}`}
                </option>
              ))}
            </select>
          </label>
        )}
        {role && (
          <button type="button" class="btn" data-testid={`${testid}-try`} disabled={trial.busy} onClick={() => void tryIt()}>
            {trial.busy ? (role === 'scanner' ? t('setup.tryingScan') : t('setup.trying')) : t('setup.try')}
          </button>
        )}
      </div>
      {trial.text && (
        <p role="status" class={trial.ok ? 'maint-ok' : 'maint-error'} data-testid={`${testid}-result`} data-ok={String(trial.ok)}>
          {trial.text}
        </p>
      )}
    </li>
  );
}

export function DeviceSetup() {
  const [view, setView] = useState<Setup | null>(null);
  const [manual, setManual] = useState('');
  const [manualPaths, setManualPaths] = useState<string[]>([]);
  const [choices, setChoices] = useState<Record<string, Choice | null>>({});
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [note, setNote] = useState('');
  const load = async (paths = manualPaths) => {
    setNote(t('setup.looking'));
    const r = await invoke('setup.devices', { manualPaths: paths });
    if (!r.ok) return setNote(r.error.message);
    setView(r.value);
    setNote('');
  };
  useEffect(() => void load(), []);
  const chosen = Object.values(choices).filter((c): c is Choice => c !== null);
  const save = async () => {
    const r = await invoke('setup.save', { choices: chosen });
    if (!r.ok) return setResult({ ok: false, text: `${t('setup.saveFailed')} ${r.error.message}` });
    setResult({ ok: true, text: t('setup.saved', { keys: r.value.changed.join(', ') }) });
    void load();
  };
  return (
    <div class="maint-panel" data-testid="maint-setup">
      <h2>{t('setup.current')}</h2>
      <ul class="maint-dead" data-testid="setup-current">
        {view &&
          Object.entries(view.current).map(([k, v]) => (
            <li key={k}>
              {t(`setup.role.${k}` as MessageKey)}: {v}
            </li>
          ))}
      </ul>
      <h2>{t('setup.present')}</h2>
      <p role="status">{note}</p>
      {view && view.devices.length === 0 && <p data-testid="setup-none">{t('setup.none')}</p>}
      <ul class="maint-devices">
        {view?.devices.map((d) => (
          <DeviceRow key={`${d.bus}:${d.id}`} d={d} profiles={view.profiles} onChoose={(c) => setChoices((old) => ({ ...old, [`${d.bus}:${d.id}`]: c }))} />
        ))}
      </ul>
      {view && view.problems.length > 0 && (
        <ul class="maint-dead" data-testid="setup-problems">
          {view.problems.map((p) => (
            <li key={p} class="maint-detail">
              {p}
            </li>
          ))}
        </ul>
      )}
      <div class="maint-row">
        <label class="maint-field">
          <span>{t('setup.manualPath')}</span>
          <input
            class="maint-input"
            data-testid="setup-manual"
            value={manual}
            placeholder="/dev/ttyUSB0"
            onInput={(e) => setManual((e.target as HTMLInputElement).value)}
          />
        </label>
        <button
          type="button"
          class="btn"
          data-testid="setup-manual-add"
          disabled={manual.trim() === ''}
          onClick={() => {
            const paths = [...new Set([...manualPaths, manual.trim()])].slice(-5);
            setManualPaths(paths);
            setManual('');
            void load(paths);
          }}
        >
          {t('setup.manualAdd')}
        </button>
        <button type="button" class="btn" data-testid="setup-refresh" onClick={() => void load()}>
          {t('maint.refresh')}
        </button>
      </div>
      <button type="button" class="btn btn-primary" data-testid="setup-save" disabled={chosen.length === 0} onClick={() => void save()}>
        {t('setup.save')}
      </button>
      {result && (
        <p role="status" class={result.ok ? 'maint-ok' : 'maint-error'} data-testid="setup-save-result" data-ok={String(result.ok)}>
          {result.text}
        </p>
      )}
    </div>
  );
}

const CARD_ERRORS: Record<string, MessageKey> = {
  'no-card': 'cardtest.error.no-card',
  'no-reader': 'cardtest.error.no-reader',
  'no-service': 'cardtest.error.no-service',
  not_configured: 'cardtest.error.not_configured',
};

/** "Thử đọc thẻ": the technician's test card, the key from its scanned QR or typed; the answer masked. */
export function CardTest() {
  const [id, setId] = useState('');
  const [birth, setBirth] = useState('');
  const [expiry, setExpiry] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const iso = (dmy: string): string | undefined => {
    const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(dmy.trim());
    return m ? `${m[3]}-${m[2]}-${m[1]}` : undefined;
  };
  const run = async () => {
    const typed = id.trim() !== '' || birth.trim() !== '' || expiry.trim() !== '';
    const b = iso(birth);
    const e = expiry.trim().toLowerCase() === 'không thời hạn' ? 'none' : iso(expiry);
    if (typed && (!/^\d{12}$/.test(id.trim()) || !b || !e)) return setAnswer({ ok: false, text: t('cardtest.badInput') });
    setBusy(true);
    setAnswer({ ok: true, text: t('cardtest.waiting') });
    const r = await invoke('maintenance.cardtest', typed ? { personalId: id.trim(), birthDate: b, expiryDate: e, waitSeconds: 60 } : { waitSeconds: 60 });
    setBusy(false);
    setId('');
    if (!r.ok) return setAnswer({ ok: false, text: r.error.message });
    const v = r.value;
    if (v.outcome === 'ok')
      return setAnswer({
        ok: true,
        text: t('cardtest.ok', {
          id: v.personalIdMasked ?? '—',
          auth: t(`cardtest.auth.${v.authenticity ?? 'no-sod'}` as MessageKey),
          ms: String(v.readMs ?? '—'),
        }),
      });
    if (v.outcome === 'needs-key') return setAnswer({ ok: false, text: t('cardtest.needsKey') });
    if (v.outcome === 'refused') return setAnswer({ ok: false, text: t('cardtest.refused') });
    const key = v.error ? CARD_ERRORS[v.error] : undefined;
    setAnswer({ ok: false, text: `${key ? t(key) : t('cardtest.error')} (${v.detail})` });
  };
  return (
    <div class="maint-card-test" data-testid="maint-card-test">
      <h2>{t('cardtest.title')}</h2>
      <p class="hint">{t('cardtest.hint')}</p>
      <div class="maint-row">
        <label class="maint-field">
          <span>{t('cardtest.id')}</span>
          <input
            class="maint-input"
            inputMode="numeric"
            autoComplete="off"
            maxLength={12}
            value={id}
            onInput={(e) => setId((e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="maint-field">
          <span>{t('cardtest.birth')}</span>
          <input class="maint-input" placeholder="dd/MM/yyyy" value={birth} onInput={(e) => setBirth((e.target as HTMLInputElement).value)} />
        </label>
        <label class="maint-field">
          <span>{t('cardtest.expiry')}</span>
          <input class="maint-input" placeholder="dd/MM/yyyy" value={expiry} onInput={(e) => setExpiry((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <button type="button" class="btn btn-primary" data-testid="maint-card-test-run" disabled={busy} onClick={() => void run()}>
        {t('cardtest.run')}
      </button>
      {answer && (
        <p role="status" class={answer.ok ? 'maint-ok' : 'maint-error'} data-testid="maint-card-test-result">
          {answer.text}
        </p>
      )}
    </div>
  );
}

/** The camera's picture, only while this is on screen (the tracks stop when it goes). */
export function CameraPreview() {
  const video = useRef<HTMLVideoElement>(null);
  const [on, setOn] = useState(false);
  const [cameras, setCameras] = useState<Array<{ id: string; label: string }>>([]);
  const [chosen, setChosen] = useState('');
  const [problem, setProblem] = useState('');
  useEffect(() => {
    if (!on) return;
    let stream: MediaStream | undefined;
    let gone = false;
    const media = navigator.mediaDevices as MediaDevices | undefined;
    if (!media?.getUserMedia) {
      setProblem(t('camera.unavailable'));
      return;
    }
    setProblem('');
    media
      .getUserMedia({ video: chosen ? { deviceId: { exact: chosen } } : true, audio: false })
      .then(async (s) => {
        if (gone) return s.getTracks().forEach((tr) => tr.stop());
        stream = s;
        if (video.current) video.current.srcObject = s;
        const list = await media.enumerateDevices();
        setCameras(list.filter((d) => d.kind === 'videoinput').map((d, i) => ({ id: d.deviceId, label: d.label || `Camera ${i + 1}` })));
      })
      .catch((err: Error) => {
        const name = err.name;
        setProblem(
          name === 'NotAllowedError'
            ? t('camera.denied')
            : name === 'NotFoundError' || name === 'OverconstrainedError'
              ? t('camera.none')
              : t('camera.failed', { name }),
        );
      });
    return () => {
      gone = true;
      stream?.getTracks().forEach((tr) => tr.stop());
      if (video.current) video.current.srcObject = null;
    };
  }, [on, chosen]);
  return (
    <div class="maint-camera" data-testid="maint-camera">
      <h2>{t('camera.title')}</h2>
      <div class="maint-row">
        <button type="button" class="btn" data-testid="maint-camera-toggle" onClick={() => setOn(!on)}>
          {on ? t('camera.stop') : t('camera.start')}
        </button>
        {on && cameras.length > 1 && (
          <select class="maint-input" value={chosen} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)} aria-label={t('camera.choose')}>
            {cameras.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        )}
      </div>
      {problem && (
        <p role="status" class="maint-error" data-testid="maint-camera-problem">
          {problem}
        </p>
      )}
      {on && !problem && <video ref={video} class="maint-video" data-testid="maint-camera-video" autoPlay muted playsInline />}
    </div>
  );
}

export function LogExport() {
  const [targets, setTargets] = useState<ResponseOf<'logs.targets'> | null>(null);
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const load = async () => {
    const r = await invoke('logs.targets', {});
    if (r.ok) setTargets(r.value);
  };
  useEffect(() => void load(), []);
  /** Sizes as a technician reads them: KB, MB or GB, Vietnamese decimal comma. */
  const mb = (n: number) => {
    const [v, unit] = n >= 1024 ** 3 ? [n / 1024 ** 3, 'GB'] : n >= 1024 ** 2 ? [n / 1024 ** 2, 'MB'] : [Math.max(n, 1) / 1024, 'KB'];
    return `${v.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ${unit}`;
  };
  const run = async (dir: string) => {
    setBusy(true);
    const r = await invoke('logs.export', { dir });
    setBusy(false);
    if (!r.ok) return setAnswer({ ok: false, text: r.error.message });
    const v = r.value;
    if (v.ok) setAnswer({ ok: true, text: t('export.ok', { n: String(v.files ?? 0), dir: v.dir ?? dir }) });
    else if (v.reason === 'no-space') setAnswer({ ok: false, text: t('export.noSpace', { need: mb(v.neededBytes ?? 0), free: mb(v.freeBytes ?? 0) }) });
    else setAnswer({ ok: false, text: t(`export.${v.reason ?? 'write-failed'}` as MessageKey) });
    void load();
  };
  return (
    <div class="maint-export" data-testid="maint-export">
      <h2>{t('export.title')}</h2>
      {targets && targets.targets.length === 0 && <p data-testid="maint-export-none">{t('export.none')}</p>}
      <ul class="maint-dead">
        {targets?.targets.map((x) => (
          <li key={x.dir} class="maint-row">
            <span>
              {x.dir} · {t('export.free', { free: mb(x.freeBytes) })}
            </span>
            <button type="button" class="btn" data-testid="maint-export-run" data-dir={x.dir} disabled={busy} onClick={() => void run(x.dir)}>
              {t('export.run', { size: mb(targets.logBytes) })}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="btn" onClick={() => void load()}>
        {t('maint.refresh')}
      </button>
      {answer && (
        <p role="status" class={answer.ok ? 'maint-ok' : 'maint-error'} data-testid="maint-export-result" data-ok={String(answer.ok)}>
          {answer.text}
        </p>
      )}
    </div>
  );
}
