import { forwardRef, useId, type FormEvent, type KeyboardEvent } from 'react';
import { CONTEXTS, SITUATION_MAX, type Context } from '../protocol.ts';
import { CONTEXT_LABELS, plural } from '../format.ts';

export interface ComposerProps {
  value: string;
  context: Context | '';
  onChange(value: string): void;
  onContextChange(context: Context | ''): void;
  onSubmit(): void;
  /** Why sending is not possible right now (offline, busy); null when it is. */
  blockedReason: string | null;
  sending: boolean;
}

export const Composer = forwardRef<HTMLTextAreaElement, ComposerProps>(function Composer(
  { value, context, onChange, onContextChange, onSubmit, blockedReason, sending },
  textareaRef,
) {
  const id = useId();
  const length = value.trim().length;
  const over = length > SITUATION_MAX;
  const empty = length === 0;
  const disabled = empty || over || Boolean(blockedReason) || sending;
  const hint = over
    ? `${plural(length - SITUATION_MAX, 'character')} over the limit — please shorten it.`
    : empty
      ? 'Describe what happened to get suggestions.'
      : blockedReason;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!disabled) onSubmit();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Ctrl/⌘+Enter sends; Enter alone makes a new line.
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (!disabled) onSubmit();
    }
  };

  return (
    <form className="composer" onSubmit={submit} aria-labelledby={`${id}-label`} noValidate>
      <label id={`${id}-label`} htmlFor={`${id}-situation`} className="composer__label">
        What happened?
      </label>
      <p id={`${id}-help`} className="muted small">
        Describe the situation in your own words — who was involved and what was said. Calmly suggests three ways to
        reply.
      </p>
      <textarea
        ref={textareaRef}
        id={`${id}-situation`}
        data-testid="situation"
        className={`composer__input${over ? ' is-invalid' : ''}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        rows={5}
        placeholder="For example: My coworker keeps taking credit for my ideas in team meetings."
        aria-invalid={over || undefined}
        aria-describedby={`${id}-help ${id}-count ${id}-hint`}
      />
      <div className="composer__meta">
        <span
          id={`${id}-count`}
          className={`counter${over ? ' counter--over' : length > SITUATION_MAX * 0.9 ? ' counter--near' : ''}`}
          data-testid="situation-count"
        >
          {length.toLocaleString()} / {SITUATION_MAX.toLocaleString()} characters
        </span>
        <span id={`${id}-hint`} className={`small ${over ? 'text-danger' : 'muted'}`} aria-live="polite">
          {hint}
        </span>
      </div>
      <div className="composer__row">
        <div className="field field--inline">
          <label htmlFor={`${id}-context`}>Context</label>
          <select
            id={`${id}-context`}
            data-testid="context"
            value={context}
            onChange={(e) => onContextChange(e.target.value as Context | '')}
          >
            <option value="">Let Calmly detect</option>
            {CONTEXTS.map((c) => (
              <option key={c} value={c}>
                {CONTEXT_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="btn btn--primary"
          data-testid="submit"
          disabled={disabled}
          aria-describedby={`${id}-hint`}
        >
          {sending ? 'Sending…' : 'Get suggestions'}
        </button>
      </div>
      <p className="muted small composer__tip">
        <kbd className="kbd">Ctrl</kbd> + <kbd className="kbd">Enter</kbd> sends · <kbd className="kbd">Esc</kbd> stops
        writing
      </p>
    </form>
  );
});
