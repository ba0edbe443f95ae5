import { useEffect, useRef, useState } from 'preact/hooks';
import type { BridgeError, ResponseOf } from '../../main/ipc/contract';
import { invoke } from '../bridge';
import { createTextInput, Keyboard, type KeyValue, type TextMode } from '../components/Keyboard';
import { formatMoney } from '../../common/money';
import { formatDateTime } from '../../common/vietnam-time';
import { t, type MessageKey } from '../i18n';
import { generation, navigate, procPage, procQuery, procSector } from '../state/app';
import { SubmitOnlineButton } from './Submit';

type Sector = ResponseOf<'sectors.list'>['items'][number];
type Page = ResponseOf<'procedures.search'>;
type Procedure = ResponseOf<'procedures.get'>;

const PAGE_SIZE = 6;

function errorKey(code: BridgeError['code']): MessageKey {
  if (code === 'offline') return 'error.offline.title';
  if (code === 'timeout') return 'error.timeout.title';
  return 'error.generic.title';
}

function ErrorPanel(props: { code: BridgeError['code']; onRetry: () => void }) {
  return (
    <div class="notice notice-error" data-testid="procedures-error" data-error={props.code}>
      <p>{t(errorKey(props.code))}</p>
      <button type="button" class="btn" onClick={props.onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}

type Summary = Page['items'][number];

function ProcedureList(props: { items: Summary[]; testId: string }) {
  return (
    <ul class="proc-list" data-testid={props.testId}>
      {props.items.map((p) => (
        <li key={p.code}>
          <button type="button" class="proc-item" data-testid={`procedure-${p.code}`} onClick={() => navigate({ name: 'procedure-detail', code: p.code })}>
            <span class="proc-name">{p.name}</span>
            <span class="proc-meta">
              {p.sectorName} · {t(`procedure.level.${p.agencyLevel}`)} · {t('procedure.days', { days: p.processingDays })} ·{' '}
              <span class={`online online-${p.onlineLevel}`}>{t(`procedure.online.${p.onlineLevel}`)}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

export function Procedures() {
  const [sectors, setSectors] = useState<Sector[]>([]);
  const [page, setPage] = useState<Page | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<BridgeError['code'] | null>(null);
  const [showKeyboard, setShowKeyboard] = useState(true);
  const [reload, setReload] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const q = procQuery.value;
  const sector = procSector.value;
  const pageNo = procPage.value;

  useEffect(() => {
    let alive = true;
    void invoke('sectors.list', {}).then((r) => {
      if (alive && r.ok) setSectors(r.value.items);
    });
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    let alive = true;
    const gen = generation.value;
    const timer = setTimeout(() => {
      setLoading(true);
      const req: { q?: string; sector?: string; page: number; pageSize: number } = { page: pageNo, pageSize: PAGE_SIZE };
      const text = q.normalize('NFC').trim();
      if (text) req.q = text;
      if (sector) req.sector = sector;
      void invoke('procedures.search', req).then((r) => {
        if (!alive || gen !== generation.value) return;
        setLoading(false);
        if (r.ok) {
          setPage(r.value);
          setError(null);
        } else setError(r.error.code);
      });
    }, 350);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [q, sector, pageNo, reload]);

  const [applyText] = useState(() => createTextInput(200));
  const onKey = (k: KeyValue, mode: TextMode): void => {
    procQuery.value = applyText(procQuery.value, k, mode);
    procPage.value = 1;
    input.current?.focus();
  };
  const pages = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;

  return (
    <section class="screen procedures" data-testid="procedures">
      <h1>{t('procedures.title')}</h1>
      <div class="search-row">
        <input
          ref={input}
          class="search-input"
          data-testid="procedures-search"
          type="search"
          inputMode="none"
          autoComplete="off"
          spellcheck={false}
          maxLength={200}
          value={q}
          placeholder={t('procedures.search')}
          onInput={(e) => {
            procQuery.value = (e.currentTarget as HTMLInputElement).value;
            procPage.value = 1;
          }}
          onFocus={() => setShowKeyboard(true)}
        />
        <button type="button" class="btn" data-testid="procedures-keyboard" onClick={() => setShowKeyboard(!showKeyboard)}>
          ⌨ {t('procedures.keyboard')}
        </button>
      </div>
      {showKeyboard && <Keyboard onKey={onKey} layout="text" withSpace />}
      <div class="chips" role="group">
        <button
          type="button"
          class={`chip${sector === undefined ? ' on' : ''}`}
          data-testid="sector-all"
          onClick={() => {
            procSector.value = undefined;
            procPage.value = 1;
          }}
        >
          {t('procedures.allSectors')}
        </button>
        {sectors.map((s) => (
          <button
            type="button"
            key={s.code}
            class={`chip${sector === s.code ? ' on' : ''}`}
            data-testid={`sector-${s.code}`}
            onClick={() => {
              procSector.value = s.code;
              procPage.value = 1;
            }}
          >
            {s.name} <span class="chip-count">{s.procedureCount}</span>
          </button>
        ))}
      </div>
      {error ? (
        <ErrorPanel code={error} onRetry={() => setReload(reload + 1)} />
      ) : (
        <div class="results" aria-busy={loading}>
          {page?.stale && page.updatedAt && (
            <p class="notice" data-testid="procedures-updated">
              {t('procedures.updatedAt', { when: formatDateTime(page.updatedAt) })}
            </p>
          )}
          {page && <p class="hint">{t('procedures.total', { total: page.total })}</p>}
          {page && page.items.length === 0 && <p class="lead">{t('procedures.empty')}</p>}
          <ProcedureList items={page?.items ?? []} testId="procedures-list" />
          {page && page.items.length === 0 && page.suggestions.length > 0 && (
            <>
              <h2 data-testid="procedures-did-you-mean">{t('procedures.didYouMean')}</h2>
              <ProcedureList items={page.suggestions} testId="procedures-suggestions" />
            </>
          )}
          {page && page.items.length === 0 && page.popular.length > 0 && (
            <>
              <h2>{t('procedures.popular')}</h2>
              <ProcedureList items={page.popular} testId="procedures-popular" />
            </>
          )}
          {page && pages > 1 && (
            <div class="pager">
              <button type="button" class="btn" data-testid="procedures-prev" disabled={pageNo <= 1} onClick={() => (procPage.value = pageNo - 1)}>
                ← {t('procedures.prev')}
              </button>
              <span>{t('procedures.page', { page: pageNo, pages })}</span>
              <button type="button" class="btn" data-testid="procedures-next" disabled={pageNo >= pages} onClick={() => (procPage.value = pageNo + 1)}>
                {t('procedures.next')} →
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

export function ProcedureDetail(props: { code: string }) {
  const [proc, setProc] = useState<Procedure | null>(null);
  const [error, setError] = useState<BridgeError['code'] | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let alive = true;
    setError(null);
    void invoke('procedures.get', { code: props.code }).then((r) => {
      if (!alive) return;
      if (r.ok) setProc(r.value);
      else setError(r.error.code);
    });
    return () => {
      alive = false;
    };
  }, [props.code, reload]);

  if (error) {
    return (
      <section class="screen procedure-detail" data-testid="procedure-detail">
        <ErrorPanel code={error} onRetry={() => setReload(reload + 1)} />
      </section>
    );
  }
  if (!proc) {
    return (
      <section class="screen center-screen procedure-detail" data-testid="procedure-detail">
        <div class="spinner" aria-hidden="true" />
        <p class="lead">{t('common.loading')}</p>
      </section>
    );
  }
  return (
    <section class="screen procedure-detail" data-testid="procedure-detail">
      <h1>{proc.name}</h1>
      <div class="badges">
        <span class={`badge online-${proc.onlineLevel}`} data-testid="procedure-online">
          {t(`procedure.online.${proc.onlineLevel}`)}
        </span>
      </div>
      {/* issue 12: submit online, for procedures the backend marks online */}
      <SubmitOnlineButton proc={proc} />
      <dl class="facts">
        <dt>{t('procedure.sector')}</dt>
        <dd>{proc.sectorName}</dd>
        <dt>{t('procedure.agency')}</dt>
        <dd>{proc.agency}</dd>
        <dt>{t('procedure.level')}</dt>
        <dd>{t(`procedure.level.${proc.agencyLevel}`)}</dd>
        <dt>{t('procedure.processingDays')}</dt>
        <dd>{t('procedure.days', { days: proc.processingDays })}</dd>
        <dt>{t('procedure.channels')}</dt>
        <dd>{proc.channels.map((c) => t(`channel.${c}`)).join(', ')}</dd>
        <dt>{t('procedure.eligibility')}</dt>
        <dd>{proc.eligibility}</dd>
        <dt>{t('procedure.result')}</dt>
        <dd>{proc.result}</dd>
        {proc.conditions && <dt>{t('procedure.conditions')}</dt>}
        {proc.conditions && <dd>{proc.conditions}</dd>}
      </dl>
      <h2>{t('procedure.documents')}</h2>
      {proc.requiredDocuments.length === 0 ? (
        <p>{t('procedure.noDocuments')}</p>
      ) : (
        <ol class="doc-list">
          {proc.requiredDocuments.map((d, i) => (
            <li key={i}>
              <div>{d.name}</div>
              <div class="hint">
                {t(`doc.${d.kind}`)} · {t('procedure.quantity', { quantity: d.quantity })}
              </div>
            </li>
          ))}
        </ol>
      )}
      <h2>{t('procedure.fees')}</h2>
      {proc.fees.length === 0 ? (
        <p>{t('procedure.noFees')}</p>
      ) : (
        <ul class="fee-list">
          {proc.fees.map((f, i) => (
            <li key={i}>
              <span>{f.description}</span>
              <strong class="money">{f.amount > 0 ? formatMoney(f.amount) : t(`fee.${f.mode}`)}</strong>
              {f.amount > 0 && <span class="hint"> · {t(`fee.${f.mode}`)}</span>}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('procedure.steps')}</h2>
      <ol class="steps">
        {proc.steps.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ol>
      <h2>{t('procedure.legalBasis')}</h2>
      <ul class="legal">
        {proc.legalBasis.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ul>
    </section>
  );
}
