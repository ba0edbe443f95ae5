/**
 * "In kết quả": prints the status of the dossier shown (main looks it up again by code; the UI
 * sends only the code). Says clearly when the printer is out of paper, its cover is open or it is
 * offline: the job is kept and prints when the printer is back. Hidden when the kiosk has no printer.
 */
import { useEffect, useState } from 'preact/hooks';
import type { PrintResult } from '../../main/ipc/contract';
import { invoke } from '../bridge';
import { t, type MessageKey } from '../i18n';

type Shown = { key: MessageKey; tone: 'ok' | 'warn' | 'error'; state: string };

export function messageForPrint(r: PrintResult): Shown {
  if (r.state === 'printed') return { key: 'print.done', tone: 'ok', state: 'printed' };
  if (r.state === 'unavailable') return { key: 'print.unavailable', tone: 'error', state: 'unavailable' };
  const byCondition: Partial<Record<PrintResult['condition'], MessageKey>> = {
    paperOut: 'print.paperOut',
    coverOpen: 'print.coverOpen',
    error: 'print.error',
  };
  return { key: byCondition[r.condition] ?? 'print.offline', tone: 'warn', state: `queued-${r.condition}` };
}

export function PrintButton(props: { code: string }) {
  const [available, setAvailable] = useState(false);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);

  useEffect(() => {
    let live = true;
    void invoke('printer.status', {}).then((r) => {
      if (live && r.ok) setAvailable(r.value.configured);
    });
    return () => {
      live = false;
    };
  }, []);

  if (!available) return null;
  const print = async (): Promise<void> => {
    setBusy(true);
    setShown(null);
    const r = await invoke('dossier.print', { code: props.code }, { timeoutMs: 15_000 });
    setBusy(false);
    setShown(
      r.ok
        ? messageForPrint(r.value)
        : r.error.code === 'too_many'
          ? { key: 'print.tooMany', tone: 'warn', state: 'too-many' }
          : { key: 'print.failed', tone: 'error', state: 'failed' },
    );
  };
  return (
    <>
      <button type="button" class="btn btn-big" data-testid="print-result" disabled={busy} onClick={() => void print()}>
        {busy ? t('print.printing') : t('print.button')}
      </button>
      {shown && (
        <div
          class={`notice ${shown.tone === 'error' ? 'notice-error' : 'notice-warn'}`}
          style={shown.tone === 'ok' ? { background: '#e6f6ea', borderLeftColor: '#2e7d32' } : undefined}
          role="status"
          data-testid="print-message"
          data-state={shown.state}
        >
          {t(shown.key)}
        </div>
      )}
    </>
  );
}
