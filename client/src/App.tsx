import { useCallback, useEffect, useRef, useState, type CSSProperties } from 'react';
import { useVoice } from './audio/useVoice.ts';
import { AnalysisPanel } from './components/AnalysisPanel.tsx';
import { Composer } from './components/Composer.tsx';
import { ConnectionStatus } from './components/ConnectionStatus.tsx';
import { ErrorBanner } from './components/ErrorBanner.tsx';
import { HistoryPanel } from './components/HistoryPanel.tsx';
import { PreferencesPanel } from './components/PreferencesPanel.tsx';
import { UpgradeButton } from './components/UpgradeButton.tsx';
import { isPlanLimit } from './billing.ts';
import { SuggestionCard } from './components/SuggestionCard.tsx';
import { CONTEXT_LABELS, coachName } from './format.ts';
import { FRAME_MS, SITUATION_MAX, SUGGESTION_COUNT, type Context, type SessionStateName } from './protocol.ts';
import { errorMessage } from './session/errors.ts';
import { CAN_CANCEL, CAN_SUBMIT, cardModel } from './session/reducer.ts';
import { TAKEN_OVER, useSession, type SendResult } from './session/useSession.ts';

/** How long to wait for the first connection before saying so. */
const CONNECT_PATIENCE_MS = 8_000;

/** One page: the coach first, then preferences and history; the header links jump between them. */
const SECTIONS = [
  { id: 'coach', label: 'Coach' },
  { id: 'preferences', label: 'Preferences' },
  { id: 'history', label: 'History' },
] as const;

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Older browsers and insecure origins: the selection-and-copy fallback.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

export function App() {
  const voice = useVoice();
  const { state, actions } = useSession(voice.events);
  const [draft, setDraft] = useState('');
  const [context, setContext] = useState<Context | ''>('');
  /** "New situation" was pressed: the composer is shown over the last session's results. */
  const [fresh, setFresh] = useState(false);
  const [sending, setSending] = useState(false);
  /** Polite announcements, newest last; each is a node of its own so quick ones do not replace each other. */
  const [announcements, setAnnouncements] = useState<Array<{ id: number; text: string }>>([]);
  const announceSeq = useRef(0);
  /** No connection for a while: say why and offer Retry (the composer works meanwhile). */
  const [slowConnect, setSlowConnect] = useState(false);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const threadRef = useRef<HTMLHeadingElement>(null);
  const savedRef = useRef<HTMLDivElement>(null);
  const cardRefs = useRef<Array<HTMLElement | null>>([]);
  const focusTextarea = useRef(false);

  const view = state.view;
  const st: SessionStateName | null = view?.state ?? null;
  const connected = state.connection === 'connected' && view !== null;
  const userId = view?.userId ?? null;

  const announce = useCallback((text: string) => {
    const id = ++announceSeq.current;
    setAnnouncements((list) => [...list.slice(-2), { id, text }]);
  }, []);

  useEffect(() => {
    if (state.connection === 'connected' || state.connection === 'offline') return setSlowConnect(false);
    const t = setTimeout(() => setSlowConnect(true), CONNECT_PATIENCE_MS);
    return () => clearTimeout(t);
  }, [state.connection]);

  // Transitions: focus where the person's attention should go next.
  const prev = useRef<{ state: SessionStateName | null; refiningIndex: number | null }>({
    state: null,
    refiningIndex: null,
  });
  useEffect(() => {
    const before = prev.current;
    prev.current = { state: st, refiningIndex: view?.refiningIndex ?? null };
    if (st === before.state) return;
    if (st === 'generating') {
      setFresh(false);
      requestAnimationFrame(() => threadRef.current?.focus());
    }
    // Suggestions finishing move nothing: focus and scroll stay where the person left them, and each
    // card says once that it is ready (below).
    if (before.state === 'refining' && st === 'ready' && before.refiningIndex !== null) {
      const i = before.refiningIndex;
      requestAnimationFrame(() => cardRefs.current[i]?.focus({ preventScroll: true }));
    }
    if (before.state === 'selecting' && st === 'selected') {
      requestAnimationFrame(() => savedRef.current?.focus());
    }
    if (st === 'idle' && view?.situation) {
      // Cancelled (or resumed after a cancel): the situation comes back to be edited and sent again.
      setDraft((d) => d || view.situation || '');
      if (view.context) setContext(view.context);
    }
  }, [st, view?.refiningIndex, view?.situation, view?.context]);

  // A new generation: the last one's clip (and its status line) goes.
  const generation = view?.generation ?? 0;
  const voiceActive =
    voice.state.status === 'requested' || voice.state.status === 'buffering' || voice.state.status === 'playing';
  const lastGeneration = useRef(generation);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the generation changes, and only then; the voice state it reads is the one at that moment
  useEffect(() => {
    if (generation === lastGeneration.current) return;
    lastGeneration.current = generation;
    if (voiceActive) void actions.stopVoice();
    voice.reset();
  }, [generation]);

  useEffect(() => {
    if (focusTextarea.current && (fresh || st === 'idle')) {
      focusTextarea.current = false;
      textareaRef.current?.focus();
    }
  });

  /** Errors that happened here (offline, no answer) are shown like the server's; the server reports its own. */
  const handleResult = (result: SendResult) => {
    if (!result.ok && 'local' in result) actions.localError(result.error);
    return result.ok;
  };

  const submit = async () => {
    const situation = draft.trim();
    if (!situation) return;
    actions.dismissError();
    setSending(true);
    const result = await actions.submit(situation, context || null);
    setSending(false);
    if (handleResult(result)) {
      setDraft('');
      setFresh(false);
    }
  };

  /** The situation again with the writer's answer to the clarifying question, or marked as not about safety. */
  const resend = (situation: string, options: { notSafety?: boolean; context?: Context } = {}) => {
    actions.dismissError();
    const { context: chosen, ...rest } = options;
    if (chosen) setContext(chosen);
    void actions.submit(situation.slice(0, SITUATION_MAX), chosen ?? view?.context ?? null, rest).then(handleResult);
  };

  /** The composer again: empty for a new situation, or holding this one to correct and send again. */
  const openComposer = (keep: boolean) => {
    actions.dismissError();
    if (voiceActive) void actions.stopVoice();
    voice.reset();
    setFresh(true);
    setDraft(keep ? (view?.situation ?? '') : '');
    setContext(keep ? (view?.context ?? '') : '');
    focusTextarea.current = true;
  };
  const newSituation = () => openComposer(false);
  const editSituation = () => openComposer(true);

  const refine = (index: number, adjustment: string) => {
    actions.dismissError();
    // The clicked control is disabled while refining; the card keeps focus instead of the page body.
    cardRefs.current[index]?.focus({ preventScroll: true });
    void actions.refine(index, adjustment).then(handleResult);
  };
  const select = (index: number) => {
    actions.dismissError();
    void actions.select(index).then(handleResult);
  };
  const restore = (index: number, version: number) => {
    actions.dismissError();
    void actions.restore(index, version).then(handleResult);
  };
  const cancel = () => void actions.cancel().then(handleResult);
  const retry = () => {
    actions.dismissError();
    void actions.retry().then(handleResult);
  };
  const play = (index: number) => {
    voice.request(index);
    void actions.play(index).then((r) => {
      if (!r.ok && 'local' in r) voice.events.refused(errorMessage(r.error));
    });
  };
  const stop = () => {
    voice.stop();
    void actions.stopVoice();
  };
  const copy = async (text: string) => {
    const ok = await copyText(text);
    announce(ok ? 'Copied to the clipboard.' : 'Copying did not work here; select the text and copy it yourself.');
    return ok;
  };

  // Esc stops writing, as in chat apps.
  const stopRef = useRef<() => void>(() => undefined);
  stopRef.current = () => {
    if (st && CAN_CANCEL.has(st) && connected) cancel();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) stopRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Before the first connection too: typing can start at once, and sending waits for the connection.
  const showComposer = (view === null || st === 'idle' || fresh) && st !== 'ending' && st !== 'ended';
  const showThread = view !== null && !showComposer && Boolean(view.situation) && st !== 'ending' && st !== 'ended';
  const cards = Array.from({ length: SUGGESTION_COUNT }, (_, i) => cardModel(state, i));
  const visibleCards = cards.filter((c) => c.status !== 'empty');
  // "Option 2 ready", once per suggestion as it finishes (not for cards already done on a resume).
  const cardStatus = cards.map((c) => `${c.status}${c.refining ? 'r' : ''}`).join(',');
  const lastStatus = useRef<{ generation: number; statuses: string[] } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a card's status changes; `cards` is rebuilt every render
  useEffect(() => {
    const statuses = cardStatus.split(',');
    const before = lastStatus.current;
    lastStatus.current = { generation, statuses };
    if (!before || before.generation !== generation) return;
    statuses.forEach((now, i) => {
      const was = before.statuses[i];
      if (now === 'done' && was === 'streaming') announce(`Option ${i + 1} ready.`);
      if (now === 'done' && was === 'streamingr') announce(`Option ${i + 1} refined.`);
    });
  }, [cardStatus, generation]);
  const canAct = connected && st === 'ready';
  const chosenIndex = st === 'selected' ? (view?.selected?.index ?? null) : null;
  const blockedReason = !connected
    ? 'Connecting to Calmly… you can write meanwhile.'
    : st && !CAN_SUBMIT.has(st)
      ? 'Calmly is busy — please wait a moment.'
      : null;
  const error = state.error ? errorMessage(state.error.error) : null;
  // The choice just saved, shown in History at once: the server stores it moments later.
  const chosen = view?.selected && st === 'selected' ? view.suggestions[view.selected.index] : null;
  const justSaved =
    chosen && state.savedInteractionId && view?.situation
      ? {
          id: state.savedInteractionId,
          situation: view.situation,
          reply: chosen.text,
          tone: chosen.tone,
          context: view.context ?? view.analysis?.context ?? null,
        }
      : null;

  const style = { '--frame-ms': `${FRAME_MS}ms` } as CSSProperties;

  return (
    <div className="app" style={style}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <p className="brand">
            <span className="brand__mark" aria-hidden="true" />
            Calmly
          </p>
          <nav className="tabs" aria-label="Sections">
            {SECTIONS.map((t) => (
              <a key={t.id} className="tabs__tab" href={`#${t.id}`} data-testid={`nav-${t.id}`}>
                {t.label}
              </a>
            ))}
          </nav>
          <ConnectionStatus
            status={state.connection}
            reason={state.offlineReason}
            onReconnect={() => actions.reconnect()}
          />
        </div>
      </header>

      <main id="main" className="main" tabIndex={-1}>
        {state.connection === 'offline' && state.offlineReason ? (
          <div className="banner banner--info" data-testid="offline-reason">
            <p className="banner__text">{state.offlineReason}</p>
            <button
              type="button"
              className="btn btn--small"
              onClick={() => actions.reconnect()}
              data-testid="continue-here"
            >
              {state.offlineReason === TAKEN_OVER ? 'Use Calmly in this tab' : 'Reconnect'}
            </button>
          </div>
        ) : null}
        {error && state.error ? (
          <ErrorBanner
            message={error}
            seq={state.error.seq}
            onDismiss={actions.dismissError}
            action={isPlanLimit(state.error.error) ? <UpgradeButton userId={userId} /> : undefined}
          />
        ) : null}

        <section
          id="coach"
          className="coach"
          aria-labelledby="coach-title"
          tabIndex={-1}
          data-session-state={st ?? 'connecting'}
        >
          <h1 id="coach-title" className="sr-only">
            Calmly coach
          </h1>
          {slowConnect ? (
            <div className="banner banner--info" role="alert" data-testid="connect-slow">
              <p className="banner__text">
                Calmly can't reach its server yet
                {navigator.onLine === false ? ': this device is offline' : ': the network may be slow or blocking it'}.
                What you write stays here and is sent once connected.
              </p>
              <div className="banner__actions">
                <button
                  type="button"
                  className="btn btn--small"
                  onClick={() => actions.reconnect()}
                  data-testid="connect-retry"
                >
                  Retry now
                </button>
              </div>
            </div>
          ) : null}

          {showComposer ? (
            <>
              {!view?.situation || fresh ? (
                <section className="intro">
                  <h2 className="intro__title">
                    {fresh ? (draft ? 'Edit your situation' : 'A new situation') : 'Finding the words, calmly.'}
                  </h2>
                  <p className="muted">
                    Tell Calmly what happened. You'll get three replies in different tones, each with why it works —
                    refine one, listen to it, and use it when it feels right.
                  </p>
                </section>
              ) : (
                <p className="muted" role="status">
                  Stopped. Your situation is below — edit it or send it again.
                </p>
              )}
              <Composer
                ref={textareaRef}
                value={draft}
                context={context}
                onChange={setDraft}
                onContextChange={setContext}
                onSubmit={() => void submit()}
                blockedReason={blockedReason}
                sending={sending}
              />
              {fresh && view?.situation ? (
                <button type="button" className="btn btn--link" onClick={() => setFresh(false)}>
                  Back to the last suggestions
                </button>
              ) : null}
            </>
          ) : null}

          {showThread && view ? (
            <div className="thread">
              <section className="bubble bubble--user" aria-labelledby="situation-title">
                <h2 id="situation-title" ref={threadRef} tabIndex={-1} className="bubble__title">
                  Your situation
                  {view.context ? <span className="chip chip--small">{CONTEXT_LABELS[view.context]}</span> : null}
                </h2>
                <p className="bubble__text" data-testid="situation-shown">
                  {view.situation}
                </p>
              </section>

              <AnalysisPanel
                analysis={view.analysis}
                chosenContext={view.context}
                loading={st === 'generating'}
                notSafety={view.notSafety}
                disabled={!connected || !(st && CAN_SUBMIT.has(st))}
                onAnswer={(answer) => resend(`${view.situation ?? ''}\n${answer}`)}
                onNotSafety={() => resend(view.situation ?? '', { notSafety: true })}
                onContext={(c) => resend(view.situation ?? '', { context: c })}
              />

              <div className="status-bar" aria-live="polite" data-testid="status">
                {st === 'generating' ? <p className="status-bar__text">Writing three suggestions…</p> : null}
                {st === 'refining' ? (
                  <p className="status-bar__text">Refining option {(view.refiningIndex ?? 0) + 1}…</p>
                ) : null}
                {st === 'selecting' ? <p className="status-bar__text">Saving your choice…</p> : null}
                {st === 'ready' ? (
                  <p className="status-bar__text muted">Choose a reply, adjust it, or listen to how it sounds.</p>
                ) : null}
                {coachName(view.model) &&
                (st === 'ready' || st === 'selected' || st === 'refining' || st === 'selecting') ? (
                  <p className="status-bar__text muted small" data-testid="coach-name">
                    Written by {coachName(view.model)}
                  </p>
                ) : null}
                {st && CAN_CANCEL.has(st) ? (
                  <button
                    type="button"
                    className="btn"
                    onClick={cancel}
                    data-testid="cancel"
                    disabled={!connected}
                    aria-keyshortcuts="Escape"
                  >
                    <span aria-hidden="true">■ </span>Stop <kbd className="kbd">Esc</kbd>
                  </button>
                ) : null}
              </div>

              {st === 'failed' ? (
                <div className="banner banner--error" role="alert" data-testid="failed">
                  <p className="banner__text">
                    {view.error ? errorMessage(view.error) : 'The suggestions could not be written.'}
                  </p>
                  <div className="banner__actions">
                    {view.error && isPlanLimit(view.error) ? <UpgradeButton userId={userId} /> : null}
                    <button
                      type="button"
                      className="btn btn--primary btn--small"
                      onClick={retry}
                      data-testid="retry"
                      disabled={!connected}
                    >
                      Try again
                    </button>
                    <button
                      type="button"
                      className="btn btn--small"
                      onClick={editSituation}
                      data-testid="edit-situation"
                    >
                      Edit situation
                    </button>
                    <button type="button" className="btn btn--small" onClick={newSituation} data-testid="new-situation">
                      New situation
                    </button>
                  </div>
                </div>
              ) : null}

              {visibleCards.length ? (
                <section className="cards" aria-label="Suggested replies">
                  {visibleCards.map((model) => (
                    <SuggestionCard
                      key={model.index}
                      model={model}
                      canAct={canAct}
                      online={connected}
                      canRestore={connected && (st === 'ready' || st === 'selected')}
                      dimmed={chosenIndex !== null && chosenIndex !== model.index}
                      voice={voice.state}
                      cardRef={(el) => {
                        cardRefs.current[model.index] = el;
                      }}
                      onRefine={refine}
                      onSelect={select}
                      onRestore={restore}
                      onPlay={play}
                      onStop={stop}
                      onCopy={copy}
                    />
                  ))}
                </section>
              ) : null}
              {visibleCards.length > 1 ? (
                <p className="cards__hint muted small">Swipe sideways to see all {visibleCards.length} replies.</p>
              ) : null}

              {st === 'selected' ? (
                <div className="banner banner--success" ref={savedRef} tabIndex={-1} data-testid="saved" role="status">
                  <p className="banner__text">
                    <strong>Saved.</strong> Option {(view.selected?.index ?? 0) + 1} is your choice — Calmly will
                    remember what works for you.
                  </p>
                  <div className="banner__actions">
                    <button
                      type="button"
                      className="btn btn--primary btn--small"
                      onClick={newSituation}
                      data-testid="new-situation"
                    >
                      New situation
                    </button>
                    <button
                      type="button"
                      className="btn btn--small"
                      onClick={editSituation}
                      data-testid="edit-situation"
                    >
                      Edit and send again
                    </button>
                  </div>
                </div>
              ) : null}

              {st === 'ready' ? (
                <div className="thread__footer">
                  <button type="button" className="btn btn--link" onClick={editSituation} data-testid="edit-situation">
                    Edit the situation and send again
                  </button>
                  <button type="button" className="btn btn--link" onClick={newSituation} data-testid="new-situation">
                    Start over with a new situation
                  </button>
                </div>
              ) : null}
            </div>
          ) : null}

          {st === 'ending' || st === 'ended' ? (
            <section className="intro" data-testid="ended">
              <h2 className="intro__title">{st === 'ending' ? 'Ending the session…' : 'This session has ended.'}</h2>
              {st === 'ended' ? (
                <button type="button" className="btn btn--primary" onClick={() => actions.reconnect({ fresh: true })}>
                  Start a new session
                </button>
              ) : null}
            </section>
          ) : null}
        </section>

        <div className="side-panels">
          <PreferencesPanel userId={userId} billing={state.billing} />
          <HistoryPanel userId={userId} refreshKey={state.savedInteractionId} justSaved={justSaved} />
        </div>
        <footer className="footer">
          <details className="shortcuts" data-testid="shortcuts">
            <summary>Keyboard shortcuts</summary>
            <dl className="shortcuts__list">
              <div>
                <dt>
                  <kbd className="kbd">Ctrl</kbd> + <kbd className="kbd">Enter</kbd> (<kbd className="kbd">⌘</kbd> +{' '}
                  <kbd className="kbd">Enter</kbd> on a Mac)
                </dt>
                <dd>Send the situation</dd>
              </div>
              <div>
                <dt>
                  <kbd className="kbd">Esc</kbd>
                </dt>
                <dd>Stop writing (what is written so far stays)</dd>
              </div>
              <div>
                <dt>
                  <kbd className="kbd">Tab</kbd> / <kbd className="kbd">Shift</kbd> + <kbd className="kbd">Tab</kbd>
                </dt>
                <dd>Move between replies and their buttons</dd>
              </div>
            </dl>
          </details>
        </footer>
      </main>

      <div className="sr-only" aria-live="polite" aria-relevant="additions" data-testid="announcer">
        {announcements.map((a) => (
          <p key={a.id}>{a.text}</p>
        ))}
      </div>
    </div>
  );
}
