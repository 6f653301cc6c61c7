import { useEffect, useId, useState, type FormEvent, type Ref } from 'react';
import { errorMessage } from '../session/errors.ts';
import { ADJUSTMENT_MAX } from '../protocol.ts';
import type { CardModel } from '../session/reducer.ts';
import { isActive, type VoiceState } from '../audio/useVoice.ts';
import { plural } from '../format.ts';

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
  playing: 'Playing…',
  ended: 'Finished playing.',
  stopped: 'Stopped.',
  error: '',
};

export interface SuggestionCardProps {
  model: CardModel;
  /** Refine and "Use this" are possible (the session is ready and connected). */
  canAct: boolean;
  /** Sending events is possible (connected). */
  online: boolean;
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
  onCopy(text: string): void;
}

export function SuggestionCard({
  model,
  canAct,
  online,
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
  const { index, status, text, tone } = model;
  const streaming = status === 'streaming';
  const done = status === 'done';
  const mine = voice.index === index;
  const audioState = mine ? voice.status : 'idle';
  const playing = isActive(voice, index);
  const title = `Option ${index + 1}`;
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
        <p className="card__text" data-testid="suggestion-text" aria-live="polite" aria-atomic="false">
          {text}
          {streaming && text ? <span className="caret" aria-hidden="true" /> : null}
        </p>
        {streaming && !text ? (
          <p className="typing" role="status">
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
                    disabled={!canAct || !done}
                    data-testid="use-version"
                    aria-label={`Use ${v.label} of ${title.toLowerCase()}`}
                  >
                    Use this version
                  </button>
                  <button
                    type="button"
                    className="btn btn--small btn--ghost"
                    onClick={() => onCopy(v.text)}
                    aria-label={`Copy ${v.label}`}
                  >
                    Copy
                  </button>
                </div>
              </li>
            ))}
          </ol>
        </div>
      ) : null}

      {/* biome-ignore lint/a11y/useSemanticElements: a row of buttons in the card's layout, not form fields; a fieldset would bring a border and legend to restyle away */}
      <div className="card__actions" role="group" aria-label={`${title} actions`}>
        <button type="button" className="btn" onClick={() => onCopy(text)} disabled={!done} data-testid="copy">
          Copy
        </button>
        {playing ? (
          <button
            type="button"
            className="btn"
            onClick={onStop}
            data-testid="stop"
            aria-label={`Stop playing ${title.toLowerCase()}`}
          >
            <span aria-hidden="true">■ </span>Stop
          </button>
        ) : (
          <button
            type="button"
            className="btn"
            onClick={() => onPlay(index)}
            disabled={!done || !online}
            data-testid="play"
            aria-label={`Play ${title.toLowerCase()} aloud`}
          >
            <span aria-hidden="true">▶ </span>Play voice
          </button>
        )}
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
        <p className="muted small" role="status" aria-live="polite" data-testid="voice-status">
          {audioState === 'error' ? voice.message : VOICE_WORDS[audioState]}
          {mine && voice.bytes > 0 && audioState !== 'error' ? (
            <span className="sr-only"> ({plural(voice.bytes, 'byte')} received)</span>
          ) : null}
        </p>
      ) : null}

      {model.selected || (streaming && !model.refining) ? null : (
        <fieldset className="refine" disabled={!canAct || !done}>
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
      )}
    </article>
  );
}
