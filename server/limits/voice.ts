// Voice syntheses in flight: each one is a voice process (espeak-ng) or an upstream request
// (ElevenLabs) and up to a few MB of audio held until it is stored, so they are capped twice: per user
// across instances (VOICE_MAX_CONCURRENT_PER_USER, a lease in Redis like model calls) and per process
// (VOICE_MAX_CONCURRENT, counted here: it protects this machine's CPU and memory, whoever asks).
// Like model calls, a synthesis over either cap is refused at once with 429 rate_limited and
// Retry-After 1 s; nothing queues. A request that joins a synthesis already running for the same
// clip (single flight, server/usecases/speak.ts) takes no slot.
import type { Config } from '../config.ts';
import type { Logger } from '../log/logger.ts';
import type { Redis } from '../redis/client.ts';
import { createLeaseLimiter, RETRY_HINT_MS, type Release } from './concurrency.ts';
import { rateLimited } from './rate.ts';

export interface VoiceLimiter {
  /** A slot for one synthesis (the user's and this process's); throws rate_limited when either is taken. */
  acquire(userId: string | undefined): Promise<Release>;
  /** Syntheses running in this process now. */
  running(): number;
}

export function createVoiceLimiter(opts: { config: Config; redis: Redis; log: Logger }): VoiceLimiter {
  const { maxConcurrentPerUser: perUser, maxConcurrent: perProcess } = opts.config.voice;
  const users = createLeaseLimiter({
    ...opts,
    max: perUser,
    kind: 'voice-inflight',
    tooMany: () =>
      rateLimited(
        `You already have ${perUser} voice clip${perUser === 1 ? '' : 's'} being made (the most at once); wait for one to finish and try again.`,
        RETRY_HINT_MS,
      ),
  });
  let running = 0;

  return {
    running: () => running,
    async acquire(userId) {
      if (running >= perProcess) throw busy(perProcess);
      const releaseUser = userId ? await users.acquire(userId) : () => {};
      // Checked again: other syntheses may have started while the lease was being taken.
      if (running >= perProcess) {
        releaseUser();
        throw busy(perProcess);
      }
      running++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        running--;
        releaseUser();
      };
    },
  };
}

const busy = (max: number) =>
  rateLimited(
    `The voice is busy (${max} clip${max === 1 ? '' : 's'} being made on this server); try again in a moment.`,
    RETRY_HINT_MS,
  );
