/** On-screen keyboard. Buttons never take the focus, so a physical keyboard keeps typing in the field. */
import { t } from '../i18n';

export type KeyValue = string | 'back' | 'clear' | 'space';

const CODE_ROWS: string[][] = [
  ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'],
  ['Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P'],
  ['A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', '-'],
  ['Z', 'X', 'C', 'V', 'B', 'N', 'M', '.'],
];

function testId(k: string): string {
  if (k === '.') return 'key-dot';
  if (k === '-') return 'key-dash';
  if (k === ' ') return 'key-space';
  return `key-${k}`;
}

export function Keyboard(props: { onKey: (k: KeyValue) => void; withSpace?: boolean; withPunctuation?: boolean }) {
  const rows = CODE_ROWS.map((r) => (props.withPunctuation === false ? r.filter((k) => k !== '.' && k !== '-') : r));
  const press = (k: KeyValue) => (e: Event) => {
    e.preventDefault();
    props.onKey(k);
  };
  const keepFocus = (e: Event) => e.preventDefault();
  return (
    <div class="keyboard" role="group">
      {rows.map((row, i) => (
        <div class="kb-row" key={i}>
          {row.map((k) => (
            <button type="button" class="key" data-testid={testId(k)} key={k} onMouseDown={keepFocus} onClick={press(k)}>
              {k}
            </button>
          ))}
        </div>
      ))}
      <div class="kb-row">
        {props.withSpace && (
          <button type="button" class="key key-wide" data-testid="key-space" onMouseDown={keepFocus} onClick={press('space')}>
            {t('key.space')}
          </button>
        )}
        <button type="button" class="key key-wide key-muted" data-testid="key-back" onMouseDown={keepFocus} onClick={press('back')}>
          ⌫ {t('key.back')}
        </button>
        <button type="button" class="key key-wide key-muted" data-testid="key-clear" onMouseDown={keepFocus} onClick={press('clear')}>
          {t('key.clear')}
        </button>
      </div>
    </div>
  );
}

export function applyKey(value: string, k: KeyValue, max = 120): string {
  if (k === 'back') return value.slice(0, -1);
  if (k === 'clear') return '';
  const ch = k === 'space' ? ' ' : k;
  return (value + ch).slice(0, max);
}
