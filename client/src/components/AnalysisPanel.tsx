import { useId, useState } from 'react';
import { CONTEXTS, type Analysis, type Context } from '../protocol.ts';
import { CONTEXT_LABELS, confidenceWords, counterpartWords, goalWords, humanize } from '../format.ts';

interface Props {
  analysis: Analysis | null;
  chosenContext: Context | null;
  loading: boolean;
  /** The writer already said this is not about their safety. */
  notSafety: boolean;
  /** Answer the clarifying question (the situation is sent again with the answer). */
  onAnswer?: (answer: string) => void;
  /** "This isn't about my safety": ordinary replies for the same situation. */
  onNotSafety?: () => void;
  /** The context was read wrong: write the replies again for this one. */
  onContext?: (context: Context) => void;
  disabled?: boolean;
}

/** The analysis of the situation; a skeleton while it is being worked out. */
export function AnalysisPanel({
  analysis,
  chosenContext,
  loading,
  notSafety,
  onAnswer,
  onNotSafety,
  onContext,
  disabled,
}: Props) {
  const id = useId();
  const [picking, setPicking] = useState(false);
  if (!analysis) {
    if (!loading) return null;
    return (
      <section
        className="analysis analysis--loading"
        data-testid="analysis"
        data-state="loading"
        aria-busy="true"
        aria-labelledby="analysis-title"
      >
        <h2 id="analysis-title" className="section-title">
          Understanding the situation…
        </h2>
        <div className="skeleton skeleton--line" />
        <div className="skeleton skeleton--line skeleton--short" />
        <div className="chips">
          <span className="skeleton skeleton--chip" />
          <span className="skeleton skeleton--chip" />
          <span className="skeleton skeleton--chip" />
        </div>
      </section>
    );
  }
  const { percent, words } = confidenceWords(analysis.confidence);
  const context = chosenContext ?? analysis.context;
  const safety = analysis.safety;
  return (
    <section className="analysis" data-testid="analysis" data-state="done" aria-labelledby="analysis-title">
      <h2 id="analysis-title" className="section-title">
        What Calmly understood
      </h2>
      {safety?.flag ? (
        <div className="safety" role="note" aria-labelledby="safety-title" data-testid="safety">
          <h3 id="safety-title" className="safety__title">
            Your safety comes first
          </h3>
          {safety.message ? (
            <p>{safety.message}</p>
          ) : (
            <p>What you describe may put you at risk. Please reach out to someone you trust or a local helpline.</p>
          )}
          {safety.resources?.length ? (
            <ul className="safety__resources">
              {safety.resources.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : null}
          {onNotSafety && !notSafety ? (
            <button
              type="button"
              className="btn btn--small"
              onClick={onNotSafety}
              disabled={disabled}
              data-testid="not-safety"
            >
              This isn't about my safety: show ordinary replies
            </button>
          ) : null}
          {notSafety ? (
            <p className="muted small">
              You said this isn't about your safety, so the replies below are ordinary ones. The help above is still
              here if you need it.
            </p>
          ) : null}
        </div>
      ) : null}
      {analysis.clarifyingQuestion ? (
        <div className="clarify" data-testid="clarify">
          <p className="clarify__question">{analysis.clarifyingQuestion}</p>
          {onAnswer && analysis.quickAnswers?.length ? (
            // biome-ignore lint/a11y/useSemanticElements: a row of answer buttons, not form fields; a fieldset would bring a border and legend to restyle away
            <div className="clarify__answers" role="group" aria-label="Quick answers">
              {analysis.quickAnswers.map((a) => (
                <button
                  key={a}
                  type="button"
                  className="btn btn--small btn--chip"
                  onClick={() => onAnswer(a)}
                  disabled={disabled}
                  data-testid="quick-answer"
                >
                  {a}
                </button>
              ))}
            </div>
          ) : null}
        </div>
      ) : null}
      <dl className="facts">
        <div className="fact">
          <dt>Context</dt>
          <dd data-testid="analysis-context">
            {CONTEXT_LABELS[context] ?? humanize(context)}{' '}
            <span className="muted">{chosenContext ? '(you chose it)' : `(${words}, ${percent}% confidence)`}</span>
            {onContext ? (
              <button
                type="button"
                className="btn btn--link btn--inline"
                aria-expanded={picking}
                aria-controls={`${id}-contexts`}
                onClick={() => setPicking((v) => !v)}
                data-testid="change-context"
              >
                {picking ? 'Keep it' : 'Not right? Change'}
              </button>
            ) : null}
          </dd>
        </div>
        {counterpartWords(analysis.counterpart) ? (
          <div className="fact">
            <dt>About</dt>
            <dd data-testid="analysis-counterpart">{counterpartWords(analysis.counterpart)}</dd>
          </div>
        ) : null}
        {analysis.behaviour ? (
          <div className="fact">
            <dt>What happened</dt>
            <dd data-testid="analysis-behaviour">{humanize(analysis.behaviour)}</dd>
          </div>
        ) : null}
        {goalWords(analysis.goal) ? (
          <div className="fact">
            <dt>What you want</dt>
            <dd data-testid="analysis-goal">{goalWords(analysis.goal)}</dd>
          </div>
        ) : null}
        <div className="fact">
          <dt>Emotional tone</dt>
          <dd data-testid="analysis-tone">{humanize(analysis.emotionalTone)}</dd>
        </div>
        {analysis.keyElements.length ? (
          <div className="fact fact--wide">
            <dt>Key elements</dt>
            <dd>
              <ul className="chips" aria-label="Key elements">
                {analysis.keyElements.map((k) => (
                  <li key={k} className="chip">
                    {k.replace(/_/g, ' ')}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>
      {onContext && picking ? (
        // biome-ignore lint/a11y/useSemanticElements: a row of choices that each send at once, not form fields
        <div id={`${id}-contexts`} className="context-pick" role="group" aria-label="Write the replies again for">
          <p className="small muted">Write the replies again as a situation about:</p>
          {CONTEXTS.filter((c) => c !== context).map((c) => (
            <button
              key={c}
              type="button"
              className="btn btn--small btn--chip"
              disabled={disabled}
              onClick={() => {
                setPicking(false);
                onContext(c);
              }}
              data-testid={`context-${c}`}
            >
              {CONTEXT_LABELS[c]}
            </button>
          ))}
        </div>
      ) : !chosenContext && analysis.confidence < 0.55 && onContext ? (
        <p className="muted small">
          Not sure Calmly read this right? Use “Not right? Change” above to pick the context.
        </p>
      ) : null}
    </section>
  );
}
