/**
 * On-screen keyboard. Buttons never take the focus, so a physical keyboard keeps typing in the
 * field.
 *
 * Two layouts: `code` (digits and capitals, for dossier codes) and `text` (lower-case QWERTY
 * with Shift, space and a visible mode switch). In the text layout the resident types Vietnamese
 * with Telex by default (common/telex.ts: "ddawng kys" → "đăng ký", shown in the field as it is
 * built), or switches to plain letters ("ABC") for codes and foreign names.
 */
import { useState } from 'preact/hooks';
import { createTelexComposer } from '../../common/telex';
import { t } from '../i18n';

export type KeyValue = string | 'back' | 'clear' | 'space';
export type TextMode = 'telex' | 'plain';

const CODE_ROWS: string[][] = [
  ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'],
  ['Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P'],
  ['A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', '-'],
  ['Z', 'X', 'C', 'V', 'B', 'N', 'M', '.'],
];

const TEXT_ROWS: string[][] = [
  ['q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p'],
  ['a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l'],
  ['z', 'x', 'c', 'v', 'b', 'n', 'm'],
];

function testId(k: string): string {
  if (k === '.') return 'key-dot';
  if (k === '-') return 'key-dash';
  if (k === ' ') return 'key-space';
  return `key-${k.toUpperCase()}`;
}

export interface KeyboardProps {
  /** A key, and in the text layout the mode it was typed in. */
  onKey: (k: KeyValue, mode: TextMode) => void;
  layout?: 'code' | 'text';
  withSpace?: boolean;
  withPunctuation?: boolean;
  /** Text layout: the mode it starts in (default Telex). */
  initialMode?: TextMode;
}

export function Keyboard(props: KeyboardProps) {
  const text = props.layout === 'text';
  const [mode, setMode] = useState<TextMode>(props.initialMode ?? 'telex');
  const [shift, setShift] = useState(false);
  const rows = text
    ? TEXT_ROWS.map((r) => (shift ? r.map((k) => k.toUpperCase()) : r))
    : CODE_ROWS.map((r) => (props.withPunctuation === false ? r.filter((k) => k !== '.' && k !== '-') : r));
  const press = (k: KeyValue) => (e: Event) => {
    e.preventDefault();
    props.onKey(k, text ? mode : 'plain');
    if (text && shift && k.length === 1) setShift(false);
  };
  const keepFocus = (e: Event) => e.preventDefault();
  return (
    <div class="keyboard" role="group" aria-label={t('key.keyboard')} data-layout={text ? 'text' : 'code'} data-mode={text ? mode : undefined}>
      {text && (
        <div class="kb-row kb-modes">
          {(['telex', 'plain'] as const).map((m) => (
            <button
              type="button"
              key={m}
              class={`key key-wide key-mode${mode === m ? ' on' : ''}`}
              data-testid={`key-mode-${m}`}
              aria-pressed={mode === m}
              onMouseDown={keepFocus}
              onClick={() => setMode(m)}
            >
              {t(m === 'telex' ? 'key.mode.telex' : 'key.mode.plain')}
            </button>
          ))}
        </div>
      )}
      {rows.map((row, i) => (
        <div class="kb-row" key={i}>
          {text && i === rows.length - 1 && (
            <button
              type="button"
              class={`key key-shift${shift ? ' on' : ''}`}
              data-testid="key-shift"
              aria-pressed={shift}
              aria-label={t('key.shift')}
              onMouseDown={keepFocus}
              onClick={() => setShift(!shift)}
            >
              ⇧
            </button>
          )}
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
      {text && mode === 'telex' && (
        <p class="kb-hint" data-testid="key-telex-hint">
          {t('key.telexHint')}
        </p>
      )}
    </div>
  );
}

/** A key of the code layout applied to the field's text, as it is. */
export function applyKey(value: string, k: KeyValue, max = 120): string {
  if (k === 'back') return [...value].slice(0, -1).join('');
  if (k === 'clear') return '';
  const ch = k === 'space' ? ' ' : k;
  return [...(value + ch)].slice(0, max).join('');
}

/**
 * Keys of the text layout for one field: Telex composes letters in Telex mode (with the undo a
 * repeated key makes, which the text alone cannot show), plain mode types them as they are. The
 * field may also change by other means (a physical keyboard, a screen clearing it): the
 * composer follows the field's text whenever they differ. A key that would pass `max` is ignored.
 */
export function createTextInput(max = 120): (value: string, k: KeyValue, mode: TextMode) => string {
  const composer = createTelexComposer();
  return (value, k, mode) => {
    if (composer.text !== value) composer.set(value);
    if (k === 'clear') {
      composer.set('');
      return '';
    }
    if (k === 'back') return composer.backspace();
    const ch = k === 'space' ? ' ' : k;
    if (mode === 'telex') composer.type(ch);
    else composer.set(value + ch);
    if ([...composer.text].length > max) composer.set(value);
    return composer.text;
  };
}
