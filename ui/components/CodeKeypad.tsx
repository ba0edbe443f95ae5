/**
 * The dossier-code keypad: digits first, as the code is mostly digits
 * (`000.00.12.H56-260314-0042`, common/dossier-code.ts), with the dot and the dash beside them,
 * "H" (the letter of provincial agency codes) at hand, and the other letters one key away.
 * Buttons never take the focus, so a physical keyboard keeps typing in the field.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n';

export type CodeKey = string | 'back' | 'clear';

const DIGIT_ROWS: string[][] = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
  ['.', '0', '-'],
];

const LETTER_ROWS: string[][] = [
  ['A', 'B', 'C', 'D', 'E', 'F', 'G'],
  ['H', 'I', 'J', 'K', 'L', 'M', 'N'],
  ['O', 'P', 'Q', 'R', 'S', 'T', 'U'],
  ['V', 'W', 'X', 'Y', 'Z'],
];

function testId(k: string): string {
  if (k === '.') return 'key-dot';
  if (k === '-') return 'key-dash';
  return `key-${k}`;
}

function label(k: string): string {
  if (k === '.') return '.';
  if (k === '-') return '–';
  return k;
}

export function CodeKeypad(props: { onKey: (k: CodeKey) => void }) {
  const [letters, setLetters] = useState(false);
  const keep = (e: Event) => e.preventDefault();
  const press = (k: CodeKey) => (e: Event) => {
    e.preventDefault();
    props.onKey(k);
  };
  return (
    <div class="code-keypad" role="group" aria-label={t('key.keyboard')} data-testid="code-keypad" data-letters={letters ? 'on' : 'off'}>
      <div class="ck-digits">
        {DIGIT_ROWS.map((row, i) => (
          <div class="kb-row" key={i}>
            {row.map((k) => (
              <button
                type="button"
                class={`key ck-key${k === '.' || k === '-' ? ' key-muted' : ''}`}
                data-testid={testId(k)}
                aria-label={k === '.' ? t('lookupKey.dot') : k === '-' ? t('lookupKey.dash') : undefined}
                key={k}
                onMouseDown={keep}
                onClick={press(k)}
              >
                {label(k)}
              </button>
            ))}
          </div>
        ))}
      </div>
      <div class="ck-side">
        <button type="button" class="key ck-key key-muted" data-testid="key-back" onMouseDown={keep} onClick={press('back')}>
          ⌫ {t('key.back')}
        </button>
        <button type="button" class="key ck-key key-muted" data-testid="key-clear" onMouseDown={keep} onClick={press('clear')}>
          {t('key.clear')}
        </button>
        {!letters && (
          <button type="button" class="key ck-key ck-h" data-testid="key-H" onMouseDown={keep} onClick={press('H')}>
            H
          </button>
        )}
        <button
          type="button"
          class={`key ck-key key-mode${letters ? ' on' : ''}`}
          data-testid="key-letters"
          aria-pressed={letters}
          onMouseDown={keep}
          onClick={() => setLetters(!letters)}
        >
          {letters ? t('lookupKey.hideLetters') : t('lookupKey.letters')}
        </button>
      </div>
      {letters && (
        <div class="ck-letters" data-testid="code-letters">
          {LETTER_ROWS.map((row, i) => (
            <div class="kb-row" key={i}>
              {row.map((k) => (
                <button type="button" class="key ck-letter" data-testid={testId(k)} key={k} onMouseDown={keep} onClick={press(k)}>
                  {k}
                </button>
              ))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
