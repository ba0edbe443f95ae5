/**
 * The quick rating (issue 13 item 5; DOMAIN.md "Satisfaction rating"): three big choices with a
 * face and words (Rất hài lòng / Hài lòng / Không hài lòng); "Không hài lòng" asks for a reason,
 * a few common ones to tap and free text with the on-screen Vietnamese keyboard. It sends
 * `rating.submit` itself and hands the outcome to `onDone` (`sent`, `queued` or `already_rated`).
 *
 * Reusable: the kiosk's rating journey mounts it with a dossier code; the counter profile
 * (after "Hoàn thành") mounts it with the ticket just served: `<QuickRating target={{ ticketId }}
 * onDone={...} />`. The reasons are sent in Vietnamese whatever the screen's language (the
 * center reads them).
 */
import { useState } from 'preact/hooks';
import type { BridgeError, ResponseOf } from '../../main/ipc/contract';
import { invoke } from '../bridge';
import { t, type MessageKey } from '../i18n';
import { createTextInput, Keyboard } from './Keyboard';

export type RatingLevelChoice = 'very_satisfied' | 'satisfied' | 'not_satisfied';
export type QuickRatingTarget = { dossierCode: string } | { ticketId: string };

/** Common reasons for "Không hài lòng": the text sent, and its label key. */
export const COMMON_REASONS: readonly { text: string; key: MessageKey }[] = [
  { text: 'Thời gian chờ lâu', key: 'rating.reason.wait' },
  { text: 'Hướng dẫn chưa rõ ràng', key: 'rating.reason.guidance' },
  { text: 'Thái độ phục vụ chưa tốt', key: 'rating.reason.attitude' },
  { text: 'Trả kết quả trễ hẹn', key: 'rating.reason.late' },
  { text: 'Phải đi lại nhiều lần', key: 'rating.reason.trips' },
];

const LEVELS: readonly { level: RatingLevelChoice; key: MessageKey }[] = [
  { level: 'very_satisfied', key: 'rating.level.very_satisfied' },
  { level: 'satisfied', key: 'rating.level.satisfied' },
  { level: 'not_satisfied', key: 'rating.level.not_satisfied' },
];

/** A face: wide smile, smile, frown (inline SVG, no image file). */
export function RatingFace(props: { level: RatingLevelChoice }) {
  const mouth = props.level === 'very_satisfied' ? 'M15 37q17 16 34 0z' : props.level === 'satisfied' ? 'M19 39q13 9 26 0' : 'M19 45q13-10 26 0';
  return (
    <svg class={`rating-face rating-face-${props.level}`} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <circle cx="32" cy="32" r="29" />
      <circle cx="22" cy="25" r="4" class="rating-face-eye" />
      <circle cx="42" cy="25" r="4" class="rating-face-eye" />
      <path d={mouth} class="rating-face-mouth" />
    </svg>
  );
}

const compose = createTextInput(300);

/** The reason sent: the tapped reasons, then the typed text, joined by "; ". */
export function reasonText(chosen: readonly string[], typed: string): string {
  return [...chosen, typed.normalize('NFC').trim()].filter(Boolean).join('; ');
}

export function QuickRating(props: { target: QuickRatingTarget; onDone: (outcome: ResponseOf<'rating.submit'>) => void; title?: string }) {
  const [phase, setPhase] = useState<'choose' | 'reason' | 'sending'>('choose');
  const [chosen, setChosen] = useState<string[]>([]);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<'reason' | BridgeError['code'] | null>(null);
  const [lastLevel, setLastLevel] = useState<RatingLevelChoice | null>(null);

  const send = async (level: RatingLevelChoice, reason?: string) => {
    setLastLevel(level);
    setPhase('sending');
    setProblem(null);
    const r = await invoke('rating.submit', { ...props.target, level, ...(reason ? { reason } : {}) });
    if (r.ok) {
      props.onDone(r.value);
      return;
    }
    setProblem(r.error.code);
    setPhase(level === 'not_satisfied' ? 'reason' : 'choose');
  };

  const pick = (level: RatingLevelChoice) => {
    if (level === 'not_satisfied') {
      setPhase('reason');
      setProblem(null);
      return;
    }
    void send(level);
  };

  const sendReason = () => {
    const reason = reasonText(chosen, typed);
    if (!reason) {
      setProblem('reason');
      return;
    }
    void send('not_satisfied', reason);
  };

  const failure = problem && problem !== 'reason' && (
    <div class="rating-problem" role="alert" data-testid="rating-error" data-error={problem}>
      <p>{t(problem === 'storage_full' || problem === 'out_of_service' ? 'rating.error.unavailable' : 'rating.error.generic')}</p>
      {lastLevel && lastLevel !== 'not_satisfied' && (
        <button type="button" class="btn btn-primary btn-big" data-testid="rating-retry" onClick={() => void send(lastLevel)}>
          {t('rating.retry')}
        </button>
      )}
    </div>
  );

  if (phase === 'sending') {
    return (
      <div class="quick-rating center-screen" data-testid="rating-sending">
        <div class="spinner" aria-hidden="true" />
        <p class="lead">{t('rating.sending')}</p>
      </div>
    );
  }

  if (phase === 'reason') {
    return (
      <div class="quick-rating rating-reason" data-testid="rating-reason">
        <h2>{t('rating.reason.title')}</h2>
        <p class="lead">{t('rating.reason.body')}</p>
        <div class="rating-chips" role="group" aria-label={t('rating.reason.common')}>
          {COMMON_REASONS.map((r, i) => {
            const on = chosen.includes(r.text);
            return (
              <button
                type="button"
                key={r.text}
                class={`btn rating-chip${on ? ' is-on' : ''}`}
                aria-pressed={on ? 'true' : 'false'}
                data-testid={`rating-chip-${i}`}
                onClick={() => {
                  setChosen(on ? chosen.filter((x) => x !== r.text) : [...chosen, r.text]);
                  setProblem(null);
                }}
              >
                {t(r.key)}
              </button>
            );
          })}
        </div>
        <label class="field-label" for="rating-reason-input">
          {t('rating.reason.other')}
        </label>
        <input
          id="rating-reason-input"
          class="search-input rating-reason-input"
          data-testid="rating-reason-input"
          type="text"
          inputMode="none"
          autoComplete="off"
          spellcheck={false}
          maxLength={300}
          value={typed}
          aria-invalid={problem === 'reason' ? 'true' : undefined}
          aria-describedby={problem === 'reason' ? 'rating-reason-problem' : undefined}
          onInput={(e) => {
            setTyped((e.currentTarget as HTMLInputElement).value.slice(0, 300));
            setProblem(null);
          }}
        />
        {problem === 'reason' && (
          <p id="rating-reason-problem" class="field-problem" role="alert" data-testid="rating-reason-problem">
            {t('rating.reason.required')}
          </p>
        )}
        {failure}
        <div class="actions">
          <button type="button" class="btn btn-primary btn-big" data-testid="rating-reason-send" onClick={sendReason}>
            {t('rating.reason.send')}
          </button>
          <button
            type="button"
            class="btn btn-big"
            data-testid="rating-reason-back"
            onClick={() => {
              setPhase('choose');
              setProblem(null);
            }}
          >
            {t('rating.reason.back')}
          </button>
        </div>
        <Keyboard
          layout="text"
          withSpace
          onKey={(k, mode) => {
            setTyped((v) => compose(v, k, mode));
            setProblem(null);
          }}
        />
      </div>
    );
  }

  return (
    <div class="quick-rating" data-testid="quick-rating">
      <h2>{props.title ?? t('rating.question')}</h2>
      <div class="rating-levels" role="group" aria-label={props.title ?? t('rating.question')}>
        {LEVELS.map((l) => (
          <button
            type="button"
            key={l.level}
            class={`rating-level rating-level-${l.level}`}
            data-testid={`rating-level-${l.level}`}
            onClick={() => pick(l.level)}
          >
            <RatingFace level={l.level} />
            <span class="rating-level-label">{t(l.key)}</span>
          </button>
        ))}
      </div>
      {failure}
    </div>
  );
}
