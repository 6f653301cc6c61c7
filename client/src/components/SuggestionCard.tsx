import { useEffect, useId, useRef, useState, type FormEvent, type Ref } from 'react';
import { errorMessage } from '../session/errors.ts';
import { ADJUSTMENT_MAX } from '../protocol.ts';
import type { CardModel } from '../session/reducer.ts';
import { isActive, type VoiceState } from '../audio/useVoice.ts';

export const QUICK_REFINEMENTS = [
  { key: 'assertive', label: 'More assertive', adjustment: 'make it more assertive' },
  { key: 'softer', label: 'Softer', adjustment: 'make it softer' },
  { key: 'shorter', label: 'Shorter', adjustment: 'make it shorter' },
  { key: 'formal', label: 'More formal', adjustment: 'make it more formal' },
] as const;

const VOICE_WORDS: Record<VoiceState['status'], string> = {
  idle: '',
  requested: 'Preparing the voice…',
  buffering: 'Loading the voice…',
  playing: 'Playing',
  ended: 'Finished playing.',
  stopped: 'Stopped.',
  error: '',
};

/** 0:07 */
const clock = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** Milliseconds since `since`, ticking while `running`. */
function useElapsed(since: number | null, running: boolean): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!running) return;
    setNow(performance.now());
    const t = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(t);
  }, [running]);
  return since === null ? 0 : Math.max(0, now - since);
}

export interface SuggestionCardProps {
  model: CardModel;
  /** Refine and "Use this" are possible (the session is ready and connected). */
  canAct: boolean;
  /** Sending events is possible (connected). */
  online: boolean;
  /** "Use this version" is possible: ready, or after a choice (to change one's mind). */
  canRestore: boolean;
  /** Another card was chosen (this one is shown quietly). */
  dimmed: boolean;
  voice: VoiceState;
  cardRef?: Ref<HTMLElement>;
  onRefine(index: number, adjustment: string): void;
  onSelect(index: number): void;
  /** "Use this version": version k of this suggestion becomes its text again. */
  onRestore(index: number, version: number): void;
  onPlay(index: number): void;
  onStop(): void;
  /** Resolves true when the text reached the clipboard. */
  onCopy(text: string): Promise<boolean>;
}

export function SuggestionCard({
  model,
  canAct,
  online,
  canRestore,
  dimmed,
  voice,
  cardRef,
  onRefine,
  onSelect,
  onRestore,
  onPlay,
  onStop,
  onCopy,
}: SuggestionCardProps) {
  const id = useId();
  const [custom, setCustom] = useState('');
  const [showEarlier, setShowEarlier] = useState(false);
  const [adjustOpen, setAdjustOpen] = useState(false);
  /** Which copy button just worked (the card's own text, or an earlier version), for two seconds. */
  const [copied, setCopied] = useState<{ key: string; ok: boolean } | null>(null);
  const copiedTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(copiedTimer.current ?? undefined), []);
  const copy = async (key: string, value: string) => {
    const ok = await onCopy(value);
    clearTimeout(copiedTimer.current ?? undefined);
    setCopied({ key, ok });
    copiedTimer.current = setTimeout(() => setCopied(null), 2000);
  };
  const copyLabel = (key: string) => (copied?.key === key ? (copied.ok ? 'Copied' : 'Copy failed') : 'Copy');
  const { index, status, text, tone } = model;
  const streaming = status === 'streaming';
  const done = status === 'done';
  const mine = voice.index === index;
  const audioState = mine ? voice.status : 'idle';
  const playing = isActive(voice, index);
  const title = `Option ${index + 1}`;
  const elapsed = useElapsed(mine ? voice.startedAt : null, mine && audioState === 'playing');
  const total = mine ? voice.durationMs : null;
  // What the refinement that made the text shown now changed (none once an earlier version is back).
  const shownRefinement = model.refinements.find((r) => r.id === model.id);

  // The typed adjustment stays until a refinement of this card comes back, so a failed one can be
  // reworded instead of retyped.
  const refinedCount = model.refinements.length;
  const [sentAt, setSentAt] = useState<number | null>(null);
  useEffect(() => {
    if (sentAt !== null && refinedCount > sentAt) {
      setCustom('');
      setSentAt(null);
    }
  }, [refinedCount, sentAt]);

  const submitCustom = (e: FormEvent) => {
    e.preventDefault();
    const adjustment = custom.trim();
    if (!adjustment || !canAct) return;
    onRefine(index, adjustment);
    setSentAt(refinedCount);
  };

  return (
    <article
      ref={cardRef}
      tabIndex={-1}
      className={`card${model.selected ? ' card--selected' : ''}${dimmed ? ' card--dimmed' : ''}${streaming ? ' card--streaming' : ''}`}
      data-testid={`suggestion-${index}`}
      data-state={done ? 'done' : 'streaming'}
      data-refining={model.refining ? 'true' : undefined}
      data-audio-state={audioState}
      data-audio-bytes={mine ? voice.bytes : 0}
      aria-labelledby={`${id}-title`}
      aria-busy={streaming}
    >
      <header className="card__header">
        <h3 id={`${id}-title`} className="card__title">
          {title}
          {tone ? (
            <span className="card__tone"> · {tone}</span>
          ) : (
            <span className="skeleton skeleton--word" aria-hidden="true" />
          )}
        </h3>
        {model.selected ? (
          <span className="badge badge--success">Your choice</span>
        ) : model.stopped ? (
          <span className="badge badge--warning" data-testid="stopped">
            Stopped
          </span>
        ) : shownRefinement ? (
          <span className="badge">Refined</span>
        ) : null}
      </header>

      <div className="card__body">
        {model.refining && !text && model.previousText ? (
          <p className="card__text card__text--previous" aria-hidden="true">
            {model.previousText}
          </p>
        ) : null}
        {/* Not a live region: three streams read out at once drown each other; the page announces "Option 2 ready" instead. */}
        <p className="card__text" data-testid="suggestion-text">
          {text}
          {streaming && text ? <span className="caret" aria-hidden="true" /> : null}
        </p>
        {streaming && !text ? (
          <p className="typing">
            <span className="typing__dots" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            <span className="muted small">{model.refining ? 'Refining this suggestion…' : 'Writing…'}</span>
          </p>
        ) : null}
      </div>

      {done && model.explanation ? (
        <p className="card__why" data-testid="explanation">
          <strong>Why it works: </strong>
          {model.explanation}
        </p>
      ) : null}
      {done && shownRefinement?.changes.length ? (
        <p className="muted small" data-testid="changes">
          Changed: {shownRefinement.changes.join('; ')}
        </p>
      ) : null}
      {done && shownRefinement?.notes.length ? (
        <p className="muted small" data-testid="refine-notes">
          {shownRefinement.changes.length ? 'Not done: ' : 'Nothing changed: '}
          {shownRefinement.notes.join(' ')}
        </p>
      ) : null}

      {model.earlier.length ? (
        <div className="earlier">
          <button
            type="button"
            className="btn btn--link"
            aria-expanded={showEarlier}
            aria-controls={`${id}-earlier`}
            data-testid="earlier-toggle"
            onClick={() => setShowEarlier((v) => !v)}
          >
            {showEarlier
              ? 'Hide earlier versions'
              : `Show earlier version${model.earlier.length > 1 ? `s (${model.earlier.length})` : ''}`}
          </button>
          {/* Always in the page (hidden until opened), so the earlier texts stay findable. */}
          <ol id={`${id}-earlier`} className="earlier__list" data-testid="earlier-versions" hidden={!showEarlier}>
            {model.earlier.map((v) => (
              <li key={v.version}>
                <span className="muted small">{v.label}</span>
                <p className="earlier__text">{v.text}</p>
                <div className="earlier__actions">
                  <button
                    type="button"
                    className="btn btn--small"
                    onClick={() => onRestore(index, v.version)}
                    disabled={!canRestore || !done}
                    data-testid="use-version"
                    aria-label={`Use ${v.label} of ${title.toLowerCase()}`}
                  >
                    Use this version
                  </button>
                  <button
                    type="button"
                    className="btn btn--small btn--ghost btn--copy"
                    onClick={() => void copy(`v${v.version}`, v.text)}
                    aria-label={`${copyLabel(`v${v.version}`)}: ${v.label}`}
                    data-copied={copied?.key === `v${v.version}` ? String(copied.ok) : undefined}
                  >
                    {copyLabel(`v${v.version}`)}
                  </button>
                </div>
              </li>
            ))}
          </ol>
        </div>
      ) : null}

      {/* biome-ignore lint/a11y/useSemanticElements: a row of buttons in the card's layout, not form fields; a fieldset would bring a border and legend to restyle away */}
      <div className="card__actions" role="group" aria-label={`${title} actions`}>
        <button
          type="button"
          className="btn btn--copy"
          onClick={() => void copy('text', text)}
          disabled={!done}
          data-testid="copy"
          data-copied={copied?.key === 'text' ? String(copied.ok) : undefined}
        >
          {copied?.key === 'text' && copied.ok ? <span aria-hidden="true">✓ </span> : null}
          {copyLabel('text')}
        </button>
        {/* One button whose label swaps in place: both labels share one grid cell, so the row never reflows. */}
        <button
          type="button"
          className="btn btn--voice"
          onClick={playing ? onStop : () => onPlay(index)}
          disabled={!playing && (!done || !online)}
          data-testid={playing ? 'stop' : 'play'}
          aria-label={playing ? `Stop voice, ${title.toLowerCase()}` : `Play voice, ${title.toLowerCase()}`}
        >
          <span className={`btn__swap${playing ? '' : ' is-shown'}`} aria-hidden="true">
            ▶ Play voice
          </span>
          <span className={`btn__swap${playing ? ' is-shown' : ''}`} aria-hidden="true">
            ■ Stop voice
          </span>
        </button>
        {model.selected ? null : (
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => onSelect(index)}
            disabled={!done || !canAct}
            data-testid="select"
          >
            Use this
          </button>
        )}
      </div>
      {mine && (VOICE_WORDS[audioState] || voice.message) ? (
        <div className="voice" data-testid="voice-status">
          <p className="muted small" role="status">
            {audioState === 'error' ? voice.message : VOICE_WORDS[audioState]}
            {audioState === 'playing' ? (
              <span data-testid="voice-time">
                {' '}
                {clock(elapsed)}
                {total ? ` / ${clock(total)}` : ''}
              </span>
            ) : null}
          </p>
          {audioState === 'playing' || audioState === 'buffering' ? (
            <progress
              className="voice__progress"
              aria-label={`Voice progress, ${title.toLowerCase()}`}
              max={total ?? undefined}
              value={total ? Math.min(elapsed, total) : undefined}
            />
          ) : null}
        </div>
      ) : null}

      {/* After a choice the other options are quiet: no disabled controls to read past. */}
      {model.selected || dimmed || (streaming && !model.refining) ? null : (
        <div className="adjust">
          <button
            type="button"
            className="btn btn--link adjust__toggle"
            aria-expanded={adjustOpen}
            aria-controls={`${id}-adjust`}
            data-testid="adjust-toggle"
            onClick={() => setAdjustOpen((v) => !v)}
          >
            {adjustOpen ? 'Hide adjustments' : 'Adjust this reply'}
          </button>
          {/* Folded only on phones (styles.css); wider screens always show it and hide the toggle. */}
          <fieldset
            id={`${id}-adjust`}
            className={`refine${adjustOpen ? '' : ' is-folded'}`}
            disabled={!canAct || !done}
          >
            <legend className="refine__legend">Adjust this reply</legend>
            <div className="refine__quick">
              {QUICK_REFINEMENTS.map((r) => (
                <button
                  key={r.key}
                  type="button"
                  className="btn btn--chip"
                  data-testid={`refine-${r.key}`}
                  onClick={() => onRefine(index, r.adjustment)}
                >
                  {r.label}
                </button>
              ))}
            </div>
            <form className="refine__custom" onSubmit={submitCustom} noValidate>
              <label htmlFor={`${id}-refine`} className="sr-only">
                Describe another change for {title.toLowerCase()}
              </label>
              <input
                id={`${id}-refine`}
                type="text"
                data-testid="refine-text"
                value={custom}
                maxLength={ADJUSTMENT_MAX}
                placeholder="e.g. “add that it’s the third time”"
                onChange={(e) => setCustom(e.target.value)}
                aria-describedby={`${id}-refine-count${model.refineError ? ` ${id}-refine-error` : ''}`}
                aria-invalid={model.refineError ? true : undefined}
              />
              <button type="submit" className="btn" data-testid="refine-submit" disabled={!custom.trim()}>
                Refine
              </button>
              <span id={`${id}-refine-count`} className="muted small refine__count">
                {custom.length}/{ADJUSTMENT_MAX}
              </span>
              {model.refineError ? (
                <p id={`${id}-refine-error`} className="refine__error small" role="alert" data-testid="refine-error">
                  {errorMessage(model.refineError)}
                </p>
              ) : null}
            </form>
          </fieldset>
        </div>
      )}
    </article>
  );
}
