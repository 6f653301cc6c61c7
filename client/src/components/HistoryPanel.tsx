import { useEffect, useId, useRef, useState } from 'react';
import { getHistory, type HistoryInteraction, type HistoryPage } from '../api/rest.ts';
import type { Context } from '../protocol.ts';
import { CONTEXT_LABELS, formatDate, plural } from '../format.ts';
import { RetryBanner } from './ErrorBanner.tsx';

const PAGE_SIZE = 10;
/** After a choice, History asks again until the server has stored it (it is queued first). */
const CATCH_UP_MS = [400, 800, 1600, 3200, 6400];

/** A choice just acknowledged as saved; shown at once, then replaced by the stored row. */
export interface JustSaved {
  id: string;
  situation: string;
  reply: string;
  tone: string;
  context: Context | null;
}

/** The first page with the just-saved choice on top, counted, until the server lists it itself. */
function withJustSaved(data: HistoryPage, saved: JustSaved | null, page: number): HistoryPage {
  if (!saved || data.interactions.some((it) => it.id === saved.id)) return data;
  const pending: HistoryInteraction = {
    id: saved.id,
    userId: data.userId,
    situationDescription: saved.situation,
    detectedContext: saved.context,
    selectedResponse: saved.reply,
    selectedTone: saved.tone,
    refinementCount: 0,
    refinements: [],
    sessionId: null,
    createdAt: new Date().toISOString(),
  };
  return {
    ...data,
    interactions: page === 1 ? [pending, ...data.interactions].slice(0, PAGE_SIZE) : data.interactions,
    pagination: { ...data.pagination, total: data.pagination.total + 1 },
  };
}

type Load =
  | { status: 'loading'; previous: HistoryPage | null }
  | { status: 'error'; message: string }
  | { status: 'ready'; data: HistoryPage };

export function HistoryPanel({
  userId,
  refreshKey,
  justSaved = null,
}: {
  userId: string | null;
  refreshKey: string | number | null;
  justSaved?: JustSaved | null;
}) {
  const id = useId();
  const [page, setPage] = useState(1);
  const [load, setLoad] = useState<Load>({ status: 'loading', previous: null });
  const [attempt, setAttempt] = useState(0);
  const listRef = useRef<HTMLHeadingElement>(null);
  const pageChanged = useRef(false);
  const catchUp = useRef(0);
  const waitingFor = justSaved?.id ?? null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` (Try again) and `refreshKey` (a new selection saved) are triggers: each loads the page again
  useEffect(() => {
    if (!userId) return;
    const ac = new AbortController();
    setLoad((l) => ({
      status: 'loading',
      previous: l.status === 'ready' ? l.data : l.status === 'loading' ? l.previous : null,
    }));
    getHistory(userId, page, PAGE_SIZE, ac.signal)
      .then((data) => {
        setLoad({ status: 'ready', data });
        // Not stored yet: ask again a little later (a few times, further apart each time).
        const missing = waitingFor && !data.interactions.some((it) => it.id === waitingFor);
        if (missing && page === 1 && catchUp.current < CATCH_UP_MS.length) {
          const delay = CATCH_UP_MS[catchUp.current++];
          const t = setTimeout(() => setAttempt((n) => n + 1), delay);
          ac.signal.addEventListener('abort', () => clearTimeout(t));
        } else catchUp.current = 0;
        if (pageChanged.current) {
          pageChanged.current = false;
          listRef.current?.focus();
        }
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setLoad({ status: 'error', message: err.message });
      });
    return () => ac.abort();
  }, [userId, page, attempt, refreshKey]);

  const goTo = (p: number) => {
    pageChanged.current = true;
    setPage(p);
  };

  const loaded = load.status === 'ready' ? load.data : load.status === 'loading' ? load.previous : null;
  const data = loaded ? withJustSaved(loaded, justSaved, page) : null;
  const total = data?.pagination.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <section
      id="history"
      className="panel"
      aria-labelledby={`${id}-title`}
      data-testid="history"
      tabIndex={-1}
      aria-busy={load.status === 'loading'}
    >
      <h2 id={`${id}-title`} className="panel__title">
        Your history
      </h2>
      <p className="muted">The replies you chose, newest first, and what Calmly has learned from them.</p>

      {load.status === 'error' ? (
        <RetryBanner message={load.message} onRetry={() => setAttempt((n) => n + 1)} />
      ) : !data ? (
        <div className="stack" role="status">
          <span className="sr-only">Loading your history…</span>
          <div className="skeleton skeleton--block" />
          <div className="skeleton skeleton--block" />
        </div>
      ) : (
        <>
          <section className="insights" aria-labelledby={`${id}-insights`} data-testid="insights">
            <h3 id={`${id}-insights`} className="section-title">
              What Calmly has noticed
            </h3>
            {data.insights.length ? (
              <ul className="insights__list">
                {data.insights.map((text) => (
                  <li key={text}>{text}</li>
                ))}
              </ul>
            ) : (
              <p className="muted">
                Nothing yet — after a few choices, Calmly will tell you which tones you tend to pick.
              </p>
            )}
          </section>

          <h3 id={`${id}-list`} ref={listRef} tabIndex={-1} className="section-title">
            Chosen replies <span className="muted">({plural(total, 'reply', 'replies')})</span>
          </h3>
          {data.interactions.length === 0 ? (
            <div className="empty" data-testid="history-empty">
              <p>No replies saved yet.</p>
              <p className="muted small">When you choose a suggestion with “Use this”, it appears here.</p>
            </div>
          ) : (
            <ol className="history-list" aria-labelledby={`${id}-list`}>
              {data.interactions.map((it) => (
                <li
                  key={it.id}
                  className="history-item"
                  data-testid="history-item"
                  data-pending={loaded?.interactions.some((x) => x.id === it.id) ? undefined : 'true'}
                >
                  <div className="history-item__meta small muted">
                    <time dateTime={it.createdAt}>{formatDate(it.createdAt)}</time>
                    {it.detectedContext ? (
                      <span className="chip chip--small">{CONTEXT_LABELS[it.detectedContext]}</span>
                    ) : null}
                    {it.selectedTone ? <span className="chip chip--small">{it.selectedTone}</span> : null}
                    {it.refinementCount ? <span>{plural(it.refinementCount, 'refinement')}</span> : null}
                  </div>
                  <p className="history-item__situation">
                    <span className="sr-only">Situation: </span>
                    {it.situationDescription}
                  </p>
                  <blockquote className="history-item__reply">
                    <span className="sr-only">Your reply: </span>
                    {it.selectedResponse}
                  </blockquote>
                </li>
              ))}
            </ol>
          )}

          {pages > 1 ? (
            <nav className="pager" aria-label="History pages">
              <button
                type="button"
                className="btn"
                onClick={() => goTo(page - 1)}
                disabled={page <= 1 || load.status === 'loading'}
                data-testid="history-prev"
              >
                Newer
              </button>
              <span className="small" aria-live="polite">
                Page {page} of {pages}
              </span>
              <button
                type="button"
                className="btn"
                onClick={() => goTo(page + 1)}
                disabled={page >= pages || load.status === 'loading'}
                data-testid="history-next"
              >
                Older
              </button>
            </nav>
          ) : null}
        </>
      )}
    </section>
  );
}
