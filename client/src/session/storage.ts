// What survives a page reload: the user and session ids, so the session resumes (the server's view
// holds everything else, earlier versions included). localStorage may be unavailable (private
// modes, storage full): then nothing is remembered, nothing breaks.

const KEYS = {
  userId: 'calmly.userId',
  sessionId: 'calmly.sessionId',
  /** An API key or token for a server with AUTH_MODE=apikey/jwt, set by hand (devtools) — never by the app. */
  apiKey: 'calmly.apiKey',
  /** The server protocol this tab last reloaded for (sessionStorage: one reload per tab and version). */
  reloadedFor: 'calmly.reloadedForProtocol',
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
  },
  /** True the first time this tab meets a server speaking `version` (reload to get its client); then false, so a cached page cannot reload forever. */
  reloadOnceFor(version: number): boolean {
    try {
      const s = globalThis.sessionStorage;
      if (!s || s.getItem(KEYS.reloadedFor) === String(version)) return false;
      s.setItem(KEYS.reloadedFor, String(version));
      return true;
    } catch {
      return false;
    }
  },
};
