// What survives a page reload: the user and session ids (so the session resumes) and the earlier
// versions of refined suggestions (the server's view keeps only the refined texts). localStorage
// may be unavailable (private modes, storage full): then nothing is remembered, nothing breaks.

const KEYS = {
  userId: 'calmly.userId',
  sessionId: 'calmly.sessionId',
  versions: 'calmly.versions',
  /** An API key or token for a server with AUTH_MODE=apikey/jwt, set by hand (devtools) — never by the app. */
  apiKey: 'calmly.apiKey',
} as const;

const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SESSION_ID = /^sess_[A-Za-z0-9_-]{10,80}$/;

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, value);
  } catch {
    /* storage unavailable or full: the session simply won't resume after a reload */
  }
}

export const storage = {
  /** The credential to send (handshake `token`, REST `Authorization: Bearer`), when one is stored. */
  apiKey(): string | undefined {
    const v = read(KEYS.apiKey)?.trim();
    return v && v.length <= 4096 ? v : undefined;
  },
  userId(): string | undefined {
    const v = read(KEYS.userId);
    return v && USER_ID.test(v) ? v : undefined;
  },
  sessionId(): string | undefined {
    const v = read(KEYS.sessionId);
    return v && SESSION_ID.test(v) ? v : undefined;
  },
  setIds(ids: { userId?: string; sessionId?: string | null }): void {
    if (ids.userId !== undefined) write(KEYS.userId, ids.userId);
    if (ids.sessionId !== undefined) write(KEYS.sessionId, ids.sessionId);
  },
  forgetSession(): void {
    write(KEYS.sessionId, null);
    write(KEYS.versions, null);
  },
  /** Earlier versions saved for this session and generation, if any. */
  versions(sessionId: string, generation: number): string[][] | null {
    const raw = read(KEYS.versions);
    if (!raw) return null;
    try {
      const v = JSON.parse(raw) as { sessionId?: unknown; generation?: unknown; earlier?: unknown };
      if (v.sessionId !== sessionId || v.generation !== generation || !Array.isArray(v.earlier)) return null;
      return v.earlier.map((e) => (Array.isArray(e) ? e.filter((t): t is string => typeof t === 'string') : []));
    } catch {
      return null;
    }
  },
  setVersions(sessionId: string, generation: number, earlier: string[][]): void {
    if (earlier.every((e) => e.length === 0)) return write(KEYS.versions, null);
    write(KEYS.versions, JSON.stringify({ sessionId, generation, earlier }));
  },
};
