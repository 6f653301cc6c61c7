// The Redis client handed to the Socket.IO Redis Streams adapter. The adapter (0.3) subscribes on a
// duplicate of it without handling the reply, and on close destroys that duplicate: a close before
// the SUBSCRIBE reply arrives rejects the pending command ("Disconnects client") with nobody to
// catch it, an unhandled rejection. Its duplicates' subscriptions get a handler here; nothing else
// about the client changes.
import type { Logger } from '../log/logger.ts';
import type { Redis } from '../redis/client.ts';

type Subscribe = (...args: unknown[]) => Promise<unknown>;

export function adapterClient(client: Redis, log: Logger): Redis {
  const duplicate = client.duplicate.bind(client) as (...args: unknown[]) => Redis;
  const patched = Object.create(client) as Redis;
  patched.duplicate = ((...args: unknown[]) => {
    const dup = duplicate(...args);
    const subscribe = (dup.subscribe as unknown as Subscribe).bind(dup);
    (dup as unknown as { subscribe: Subscribe }).subscribe = (...a) => {
      const pending = subscribe(...a);
      pending.catch((err: Error) =>
        log.debug({ err: err.message }, 'socket.io adapter subscription ended before it was confirmed'),
      );
      return pending;
    };
    return dup;
  }) as Redis['duplicate'];
  return patched;
}
