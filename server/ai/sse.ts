// Reads the server-sent events of a chat-completion stream and hands the `data:` payload of each
// complete event to a callback, synchronously, as the bytes arrive. It replaces the SDK's generic
// stream decoding on the hot path (one token per event at thousands of events per second, so no
// promise per event); the SDK still builds, authenticates and error-checks the request. The event
// grammar is eventsource-parser's; this module only feeds it the body, a Node stream (from our
// node:http fetch, the cheap path) or a web ReadableStream (any other fetch), and reports the end.
import type { Readable } from 'node:stream';
import { createParser } from 'eventsource-parser';

export interface SSEHandlers {
  /** One event's data (several `data:` lines joined with '\n'). */
  event(data: string): void;
  /** The body ended (no error) or failed. Called once; never after cancel(). */
  end(err?: unknown): void;
}

export interface SSEReading {
  /** Stops reading and closes the body; no more callbacks. */
  cancel(): void;
}

export function readSSE(body: ReadableStream<Uint8Array> | Readable, h: SSEHandlers): SSEReading {
  let over = false;
  // The parser finishes the chunk it was fed even when a handler cancelled midway: drop the rest.
  const parser = createParser({
    onEvent: (e) => {
      if (!over) h.event(e.data);
    },
  });
  const feed = (text: string) => {
    if (!over) parser.feed(text);
  };
  const end = (err?: unknown) => {
    if (over) return;
    if (err === undefined) feed('\n\n'); // a last event without its blank line
    if (over) return;
    over = true;
    h.end(err);
  };

  if (body instanceof ReadableStream) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (over) return;
          if (done) {
            feed(decoder.decode());
            return end();
          }
          feed(decoder.decode(value, { stream: true }));
        }
      } catch (err) {
        end(err);
      }
    })();
    return {
      cancel() {
        over = true;
        reader.cancel().catch(() => undefined);
      },
    };
  }

  body.setEncoding('utf8');
  body.on('data', feed);
  body.once('end', () => end());
  body.on('error', (err) => end(err));
  body.once('close', () => end(new TypeError('terminated')));
  return {
    cancel() {
      over = true;
      body.destroy();
    },
  };
}
