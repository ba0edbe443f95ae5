/**
 * The submit journey's screens (issue 12): the form, the documents, the capture, the review and
 * the result. State: ui/state/submit.ts. Every value shown here is session state and goes with
 * the session.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatMoney } from '../../common/money';
import { formatDate } from '../../common/vietnam-time';
import { openDocumentCamera, takeShot, type OpenCamera } from '../camera/document';
import { createTextInput, Keyboard, type KeyValue, type TextMode } from '../components/Keyboard';
import { Icon } from '../components/Icon';
import { log } from '../bridge';
import { t, type MessageKey } from '../i18n';
import { appInfo, back, endSession, navigate, sessionSignal } from '../state/app';
import { dateDigitsToIso, type FormFieldView, type FormSchemaView } from '../state/form-check';
import {
  activeField,
  addPhoto,
  capture,
  cardIdentity,
  deletePhoto,
  documentPages,
  formLoadError,
  formNext,
  formProblems,
  formValues,
  lockedFields,
  missingRequired,
  openForm,
  photos,
  preview,
  printReceipt,
  printState,
  readCardAgain,
  sendDossier,
  setValue,
  startSubmit,
  submitError,
  submitForm,
  submitProcedure,
  submitResult,
  submitting,
  trackingQr,
  type SubmitProcedure,
} from '../state/submit';

/** "Nộp hồ sơ trực tuyến" on a procedure's detail, when the backend marks it online. */
export function SubmitOnlineButton(props: { proc: SubmitProcedure & { onlineLevel: string } }) {
  if (props.proc.onlineLevel === 'none') return null;
  const { code, name, fees } = props.proc;
  return (
    <button type="button" class="btn btn-primary btn-big submit-online" data-testid="submit-online" onClick={() => startSubmit({ code, name, fees })}>
      <Icon name="edit" /> {t('procedure.submitOnline')}
    </button>
  );
}

function ProcedureTitle() {
  const p = submitProcedure.value;
  return p ? <p class="submit-procedure lead">{p.name}</p> : null;
}

function Applicant() {
  const id = cardIdentity();
  if (!id) return null;
  const rows: Array<[MessageKey, string | undefined, string]> = [
    ['submit.fullName', id.fullName, 'applicant-name'],
    ['submit.personalId', id.personalIdMasked, 'applicant-id'],
    ['submit.birthDate', id.birthDate ? formatDate(id.birthDate) || id.birthDate : undefined, 'applicant-birth'],
    ['submit.residence', id.residence, 'applicant-residence'],
  ];
  return (
    <section class="submit-applicant" data-testid="submit-applicant" aria-labelledby="submit-applicant-h">
      <h2 id="submit-applicant-h">{t('submit.applicant')}</h2>
      <dl class="submit-facts">
        {rows
          .filter((r) => r[1])
          .map(([k, v, tid]) => (
            <div class="submit-fact" key={tid}>
              <dt>{t(k)}</dt>
              <dd data-testid={tid}>{v}</dd>
            </div>
          ))}
      </dl>
      <p class="hint">{t('submit.fromCard')}</p>
    </section>
  );
}

const NUM_KEYS = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
  ['clear', '0', 'back'],
];

function NumPad(props: { onKey: (k: string) => void }) {
  const keep = (e: Event) => e.preventDefault();
  return (
    <div class="keyboard keypad submit-numpad" role="group" aria-label={t('key.keyboard')} data-testid="numpad">
      {NUM_KEYS.map((row, i) => (
        <div class="kb-row" key={i}>
          {row.map((k) => (
            <button
              type="button"
              class={`key${k.length > 1 ? ' key-muted' : ''}`}
              data-testid={`numpad-${k}`}
              key={k}
              onMouseDown={keep}
              onClick={() => props.onKey(k)}
            >
              {k === 'back' ? '⌫' : k === 'clear' ? t('key.clear') : k}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}

/** The Telex composers of the fields, per session (they hold the text being typed). */
const composers = sessionSignal<Map<string, (value: string, k: KeyValue, mode: TextMode) => string>>(() => new Map());

function composerFor(f: FormFieldView) {
  let c = composers.value.get(f.key);
  if (!c) {
    c = createTextInput(f.maxLength ?? (f.type === 'textarea' ? 2000 : 300));
    composers.value.set(f.key, c);
  }
  return c;
}

function showDateDigits(d: string): string {
  return [d.slice(0, 2), d.slice(2, 4), d.slice(4, 8)].filter((s) => s.length > 0).join('/');
}

const numeric = (f: FormFieldView) => f.type === 'phone' || f.type === 'number' || f.type === 'date';

function FieldKeyboard(props: { field: FormFieldView }) {
  const f = props.field;
  const value = formValues.value[f.key] ?? '';
  if (numeric(f)) {
    const max = f.type === 'date' ? 8 : f.type === 'phone' ? 15 : 12;
    return (
      <NumPad
        onKey={(k) => {
          if (k === 'back') setValue(f.key, value.slice(0, -1));
          else if (k === 'clear') setValue(f.key, '');
          else if (value.length < max) setValue(f.key, value + k);
        }}
      />
    );
  }
  const keep = (e: Event) => e.preventDefault();
  return (
    <div>
      {f.type === 'email' && (
        <div class="kb-row submit-symbols" role="group" aria-label={t('key.keyboard')}>
          {['@', '.', '-', '_'].map((ch) => (
            <button type="button" class="key" key={ch} data-testid={`key-sym-${ch}`} onMouseDown={keep} onClick={() => setValue(f.key, value + ch)}>
              {ch}
            </button>
          ))}
        </div>
      )}
      <Keyboard
        key={f.key}
        layout="text"
        withSpace
        initialMode={f.type === 'email' ? 'plain' : 'telex'}
        onKey={(k, mode) => setValue(f.key, composerFor(f)(value, k, mode))}
      />
    </div>
  );
}

function FieldView(props: { field: FormFieldView }) {
  const f = props.field;
  const locked = lockedFields.value.has(f.key);
  const raw = formValues.value[f.key] ?? '';
  const problem = formProblems.value[f.key];
  const active = activeField.value === f.key && !locked;
  const errId = `err-${f.key}`;
  const labelId = `label-${f.key}`;
  const common = {
    id: `field-${f.key}`,
    'data-testid': `field-${f.key}`,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': problem ? errId : undefined,
    readOnly: locked,
    inputMode: 'none' as const,
    autoComplete: 'off',
    spellcheck: false,
    onFocus: () => {
      if (!locked) activeField.value = f.key;
    },
  };
  let control;
  if (f.type === 'select') {
    control = (
      <div class="submit-options" role="radiogroup" aria-labelledby={labelId} aria-describedby={problem ? errId : undefined} data-testid={`field-${f.key}`}>
        {(f.options ?? []).map((o) => (
          <button
            type="button"
            role="radio"
            aria-checked={raw === o.value}
            class={`btn submit-option${raw === o.value ? ' on' : ''}`}
            key={o.value}
            data-testid={`option-${f.key}-${o.value}`}
            disabled={locked}
            onClick={() => {
              setValue(f.key, o.value);
              activeField.value = null;
            }}
          >
            {o.label}
          </button>
        ))}
      </div>
    );
  } else if (f.type === 'textarea') {
    control = <textarea {...common} rows={3} value={raw} onInput={(e) => setValue(f.key, (e.target as HTMLTextAreaElement).value)} />;
  } else {
    const shown = f.type === 'date' ? showDateDigits(raw) : raw;
    control = (
      <input
        {...common}
        type="text"
        value={shown}
        placeholder={f.type === 'date' ? t('submit.datePlaceholder') : undefined}
        onInput={(e) => {
          const v = (e.target as HTMLInputElement).value;
          setValue(f.key, f.type === 'date' ? v.replace(/\D/g, '').slice(0, 8) : v);
        }}
      />
    );
  }
  return (
    <div class={`submit-field${problem ? ' has-error' : ''}${active ? ' active' : ''}`} data-field={f.key}>
      <label id={labelId} for={f.type === 'select' ? undefined : `field-${f.key}`} class="field-label">
        {f.label}
        {f.required && <span class="submit-required"> ({t('submit.requiredMark')})</span>}
      </label>
      {control}
      {f.hint && <p class="hint">{f.hint}</p>}
      {locked && <p class="hint">{t('submit.fromCard')}</p>}
      {problem && (
        <p class="field-error" id={errId} role="alert" data-testid={`error-${f.key}`}>
          {t(problem.key, problem.vars)}
        </p>
      )}
      {active && f.type !== 'select' && <FieldKeyboard field={f} />}
    </div>
  );
}

function Loading() {
  return (
    <section class="screen center-screen" data-testid="submit-loading">
      <div class="spinner" aria-hidden="true" />
      <p class="lead">{t('submit.loading')}</p>
    </section>
  );
}

export function SubmitForm() {
  const form = submitForm.value;
  if (formLoadError.value) {
    return (
      <section class="screen center-screen" data-testid="submit-form-error">
        <div class="big-icon icon-warning">
          <Icon name="warning" />
        </div>
        <h1>{t('submit.error.title')}</h1>
        <p class="lead">{t('submit.error.form', { hotline: appInfo.value?.hotline ?? '' })}</p>
        <button type="button" class="btn btn-primary btn-big" data-testid="submit-form-retry" onClick={() => void openForm()}>
          {t('submit.retry')}
        </button>
      </section>
    );
  }
  if (!form) return <Loading />;
  const hasProblems = Object.keys(formProblems.value).length > 0;
  return (
    <section class="screen submit-form" data-testid="submit-form">
      <h1>{t('submit.formTitle')}</h1>
      <ProcedureTitle />
      <Applicant />
      {form.fields.map((f) => (
        <FieldView field={f} key={f.key} />
      ))}
      {hasProblems && (
        <p class="field-error lead" role="alert" data-testid="submit-fix">
          {t('submit.fixErrors')}
        </p>
      )}
      <div class="submit-actions">
        <button type="button" class="btn btn-big" data-testid="submit-back" onClick={() => back()}>
          {t('submit.back')}
        </button>
        <button type="button" class="btn btn-primary btn-big" data-testid="submit-next" onClick={() => formNext()}>
          {t('submit.next')}
        </button>
      </div>
    </section>
  );
}

function maxPhotos(form: FormSchemaView): number {
  return Math.min(form.attachments.maxFiles, 20);
}

function PhotoPreview() {
  const id = preview.value;
  const p = id === null ? undefined : photos.value.find((x) => x.id === id);
  if (!p) return null;
  return (
    <div class="submit-preview" role="dialog" aria-modal="true" aria-labelledby="submit-preview-h" data-testid="photo-preview">
      <h2 id="submit-preview-h">{t('submit.previewTitle')}</h2>
      <img src={p.dataUrl} alt={t('submit.previewTitle')} />
      <button type="button" class="btn btn-primary btn-big" data-testid="photo-preview-close" onClick={() => (preview.value = null)}>
        {t('submit.close')}
      </button>
    </div>
  );
}

export function SubmitDocuments() {
  const form = submitForm.value;
  const [missing, setMissing] = useState<string[]>([]);
  if (!form) return <Loading />;
  const camera = appInfo.value?.documentCamera;
  const full = photos.value.length >= maxPhotos(form);
  const shoot = (doc: number, replace?: number) => {
    capture.value = replace === undefined ? { doc } : { doc, replace };
    navigate({ name: 'submit-capture' });
  };
  return (
    <section class="screen submit-documents" data-testid="submit-documents">
      <h1>{t('submit.docsTitle')}</h1>
      <ProcedureTitle />
      {camera ? (
        <p class="lead">{t('submit.docsHint')}</p>
      ) : (
        <p class="lead notice" data-testid="submit-no-camera">
          {t('submit.noCamera')}
        </p>
      )}
      <ul class="submit-docs">
        {form.attachments.documents.map((d, i) => {
          const pages = documentPages(i);
          return (
            <li class="submit-doc" key={i} data-testid={`doc-${i}`}>
              <h2>
                {d.name} <span class={`badge${d.required ? ' badge-required' : ''}`}>{t(d.required ? 'submit.docRequired' : 'submit.docOptional')}</span>
              </h2>
              {pages.length > 0 && (
                <ol class="submit-pages">
                  {pages.map((p, n) => (
                    <li key={p.id} data-testid={`doc-${i}-page-${n + 1}`}>
                      <img class="submit-thumb" src={p.thumbUrl} alt={t('submit.photoAlt', { doc: d.name, n: n + 1 })} />
                      <span>{t('submit.page', { n: n + 1 })}</span>
                      <button type="button" class="btn" data-testid={`doc-${i}-view-${n + 1}`} onClick={() => (preview.value = p.id)}>
                        {t('submit.view')}
                      </button>
                      <button type="button" class="btn" data-testid={`doc-${i}-retake-${n + 1}`} disabled={!camera} onClick={() => shoot(i, p.id)}>
                        {t('submit.retake')}
                      </button>
                      <button type="button" class="btn" data-testid={`doc-${i}-delete-${n + 1}`} onClick={() => deletePhoto(p.id)}>
                        {t('submit.delete')}
                      </button>
                    </li>
                  ))}
                </ol>
              )}
              {camera && (
                <button type="button" class="btn btn-primary" data-testid={`doc-${i}-shoot`} disabled={full} onClick={() => shoot(i)}>
                  {t(pages.length ? 'submit.addPage' : 'submit.takePhoto')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {full && <p class="hint">{t('submit.limitReached', { n: maxPhotos(form) })}</p>}
      {missing.length > 0 && (
        <p class="field-error lead" role="alert" data-testid="submit-missing">
          {t('submit.missingRequired', { names: missing.join(', ') })}
        </p>
      )}
      <div class="submit-actions">
        <button type="button" class="btn btn-big" data-testid="submit-back" onClick={() => back()}>
          {t('submit.back')}
        </button>
        <button
          type="button"
          class="btn btn-primary btn-big"
          data-testid="submit-next"
          onClick={() => {
            const m = camera ? missingRequired(form) : [];
            setMissing(m);
            if (m.length === 0) navigate({ name: 'submit-review' });
          }}
        >
          {t('submit.next')}
        </button>
      </div>
      <PhotoPreview />
    </section>
  );
}

export function SubmitCapture() {
  const form = submitForm.value;
  const target = capture.value;
  const videoRef = useRef<HTMLVideoElement>(null);
  const cam = useRef<OpenCamera | null>(null);
  const [state, setState] = useState<'starting' | 'ready' | 'error'>('starting');
  const [problem, setProblem] = useState<'bad' | 'tooLarge' | null>(null);
  const config = appInfo.value?.documentCamera;
  useEffect(() => {
    let alive = true;
    const video = videoRef.current;
    if (!video || !config) {
      setState('error');
      return;
    }
    openDocumentCamera(video, config).then(
      (c) => {
        if (!alive) c.stop();
        else {
          cam.current = c;
          setState('ready');
        }
      },
      () => alive && setState('error'),
    );
    // The camera is on only while this screen shows.
    return () => {
      alive = false;
      cam.current?.stop();
      cam.current = null;
    };
  }, []);
  if (!form || !target) return <Loading />;
  const doc = form.attachments.documents[target.doc]?.name ?? '';
  const shoot = () => {
    const video = videoRef.current;
    if (!video || state !== 'ready') return;
    const limit = form.attachments.maxFileBytes;
    let shot;
    const t0 = performance.now();
    try {
      shot = takeShot(video, limit);
    } catch (err) {
      log('warn', `document camera: ${err instanceof Error ? err.message : String(err)}`);
      setState('error');
      return;
    }
    if (!shot.quality.ok) {
      setProblem('bad');
      return;
    }
    if (!shot.jpeg || !shot.thumbUrl) {
      setProblem('tooLarge');
      return;
    }
    addPhoto(target.doc, shot.jpeg.dataUrl, shot.thumbUrl, shot.jpeg.bytes, target.replace);
    // For the benchmark (test/bench/submit.ts): nothing personal, only the time and the size.
    log(
      'info',
      `document photo: ${(performance.now() - t0).toFixed(1)} ms capture to thumbnail, ${shot.jpeg.bytes} bytes, ${shot.cropped ? `cropped to the page ${shot.cropped.width}x${shot.cropped.height}` : 'whole frame'}`,
    );
    capture.value = null;
    back();
  };
  return (
    <section class="screen submit-capture" data-testid="submit-capture" data-camera={state}>
      <h1>{t('submit.captureTitle', { doc })}</h1>
      <p class="lead">{t('submit.captureHint')}</p>
      <div class="submit-viewfinder">
        <video ref={videoRef} data-testid="capture-video" muted playsInline aria-hidden="true" />
      </div>
      {state === 'starting' && <p class="lead">{t('submit.cameraStarting')}</p>}
      {state === 'error' && (
        <p class="field-error lead" role="alert" data-testid="capture-error">
          {t('submit.cameraError', { hotline: appInfo.value?.hotline ?? '' })}
        </p>
      )}
      {problem && (
        <p class="field-error lead" role="alert" data-testid="capture-bad" data-problem={problem}>
          {t(problem === 'bad' ? 'submit.photoBad' : 'submit.photoTooLarge')}
        </p>
      )}
      <div class="submit-actions">
        <button
          type="button"
          class="btn btn-big"
          data-testid="capture-cancel"
          onClick={() => {
            capture.value = null;
            back();
          }}
        >
          {t('submit.back')}
        </button>
        <button type="button" class="btn btn-primary btn-big" data-testid="capture-shoot" disabled={state !== 'ready'} onClick={shoot}>
          {t('submit.shoot')}
        </button>
      </div>
    </section>
  );
}

function shownValue(f: FormFieldView, raw: string | undefined): string {
  const v = (raw ?? '').trim();
  if (!v) return t('submit.empty');
  if (f.type === 'select') return f.options?.find((o) => o.value === v)?.label ?? v;
  if (f.type === 'date') {
    const iso = dateDigitsToIso(v.replace(/\D/g, ''));
    return iso ? formatDate(iso) || v : v;
  }
  return v;
}

const ERROR_KEYS = {
  invalid: 'submit.error.invalid',
  identity: 'submit.error.identity',
  storage: 'submit.error.storage',
  tooLarge: 'submit.error.tooLarge',
  tooMany: 'submit.error.tooMany',
  form: 'submit.error.form',
  generic: 'submit.error.generic',
} as const satisfies Record<string, MessageKey>;

export function SubmitReview() {
  const form = submitForm.value;
  const proc = submitProcedure.value;
  if (!form) return <Loading />;
  const err = submitError.value;
  const fees = proc?.fees.filter((f) => f.amount > 0) ?? [];
  return (
    <section class="screen submit-review" data-testid="submit-review">
      <h1>{t('submit.reviewTitle')}</h1>
      <ProcedureTitle />
      <Applicant />
      <dl class="submit-facts submit-review-fields">
        {form.fields.map((f) => (
          <div class="submit-fact" key={f.key}>
            <dt>{f.label}</dt>
            <dd class="submit-review-value">
              <span data-testid={`review-${f.key}`}>{shownValue(f, formValues.value[f.key])}</span>
              <button
                type="button"
                class="btn submit-edit"
                data-testid={`review-edit-${f.key}`}
                aria-label={`${t('submit.edit')}: ${f.label}`}
                onClick={() => {
                  activeField.value = lockedFields.value.has(f.key) ? null : f.key;
                  navigate({ name: 'submit-form' });
                }}
              >
                {t('submit.edit')}
              </button>
            </dd>
          </div>
        ))}
      </dl>
      <h2>{t('submit.docsTitle')}</h2>
      {photos.value.length === 0 ? (
        <p data-testid="review-no-docs">{t('submit.docsNone')}</p>
      ) : (
        <ul class="submit-docs">
          {form.attachments.documents.map((d, i) => {
            const pages = documentPages(i);
            if (!pages.length) return null;
            return (
              <li key={i} class="submit-doc" data-testid={`review-doc-${i}`}>
                <span>{d.name}</span>
                {pages.map((p, n) => (
                  <img class="submit-thumb" key={p.id} src={p.thumbUrl} alt={t('submit.photoAlt', { doc: d.name, n: n + 1 })} />
                ))}
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" class="btn" data-testid="review-edit-docs" onClick={() => navigate({ name: 'submit-documents' })}>
        {t('submit.edit')}: {t('submit.docsTitle')}
      </button>
      {fees.length > 0 && (
        <section data-testid="review-fees" aria-labelledby="review-fees-h">
          <h2 id="review-fees-h">{t('submit.fees')}</h2>
          <ul class="fee-list">
            {fees.map((f, i) => (
              <li key={i}>
                <span>{f.description}</span> <strong class="money">{formatMoney(f.amount)}</strong>
              </li>
            ))}
          </ul>
          <p class="hint">{t('submit.feesNote')}</p>
        </section>
      )}
      {err && (
        <div role="alert" data-testid="submit-error" data-error={err}>
          <p class="field-error lead">{t(ERROR_KEYS[err], { hotline: appInfo.value?.hotline ?? '' })}</p>
          {err === 'identity' && (
            <button type="button" class="btn btn-big" data-testid="submit-read-card" onClick={() => readCardAgain()}>
              {t('submit.next')}
            </button>
          )}
        </div>
      )}
      <div class="submit-actions">
        <button type="button" class="btn btn-big" data-testid="submit-back" disabled={submitting.value} onClick={() => back()}>
          {t('submit.back')}
        </button>
        <button type="button" class="btn btn-primary btn-big" data-testid="submit-send" disabled={submitting.value} onClick={() => void sendDossier()}>
          {submitting.value ? t('submit.sending') : t('submit.send')}
        </button>
      </div>
    </section>
  );
}

function QrCode(props: { size: number; cells: string; label: string }) {
  const n = props.size;
  const q = 4;
  let d = '';
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (props.cells[y * n + x] === '1') d += `M${x + q} ${y + q}h1v1h-1z`;
  return (
    <svg class="submit-qr" viewBox={`0 0 ${n + 2 * q} ${n + 2 * q}`} role="img" aria-label={props.label} data-testid="result-qr" shape-rendering="crispEdges">
      <rect width={n + 2 * q} height={n + 2 * q} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

const PRINT_KEYS: Record<string, MessageKey> = {
  printing: 'submit.print.printing',
  printed: 'submit.print.printed',
  queued: 'submit.print.queued',
  unavailable: 'submit.print.unavailable',
  error: 'submit.print.error',
};

export function SubmitResult() {
  const r = submitResult.value;
  if (!r) return <Loading />;
  const sent = r.state === 'sent' && r.dossierCode;
  const qr = trackingQr.value;
  const ps = printState.value;
  return (
    <section class="screen submit-result" data-testid="submit-result" data-state={r.state}>
      <div class="center-screen">
        <div class={`big-icon ${sent ? 'icon-ok' : 'icon-info'}`}>
          <Icon name={sent ? 'check' : 'clock'} />
        </div>
        <h1>{t(sent ? 'submit.sentTitle' : 'submit.queuedTitle')}</h1>
      </div>
      <dl class="submit-facts">
        {sent ? (
          <>
            <div class="submit-fact">
              <dt>{t('submit.dossierCode')}</dt>
              <dd class="code" data-testid="result-code">
                {r.dossierCode}
              </dd>
            </div>
            {r.dueDate && (
              <div class="submit-fact">
                <dt>{t('submit.dueDate')}</dt>
                <dd data-testid="result-due">{formatDate(r.dueDate) || r.dueDate}</dd>
              </div>
            )}
          </>
        ) : (
          <div class="submit-fact">
            <dt>{t('submit.localRef')}</dt>
            <dd class="code">
              <span data-testid="result-ref">{r.localRef}</span> (<span data-testid="result-state">{t('submit.stateQueued')}</span>)
            </dd>
          </div>
        )}
      </dl>
      {!sent && <p class="lead">{t('submit.queuedBody')}</p>}
      {qr && (
        <div class="center-screen">
          <QrCode size={qr.size} cells={qr.cells} label={t('submit.qr')} />
          <p class="lead">{t('submit.qr')}</p>
        </div>
      )}
      {ps !== 'idle' && (
        <p class="lead" role="status" data-testid="result-print" data-state={ps}>
          {t(PRINT_KEYS[ps] ?? 'submit.print.error')}
        </p>
      )}
      <div class="submit-actions">
        <button type="button" class="btn btn-big" data-testid="result-print-again" disabled={ps === 'printing'} onClick={() => void printReceipt()}>
          {t('submit.printAgain')}
        </button>
        <button type="button" class="btn btn-primary btn-big" data-testid="result-finish" onClick={() => endSession('finish')}>
          {t('submit.finish')}
        </button>
      </div>
    </section>
  );
}
