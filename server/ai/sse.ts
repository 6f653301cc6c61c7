// A lean server-sent-events reader for chat-completion streams: decodes UTF-8 incrementally and
// hands the `data:` payload of each complete event to a callback, synchronously, as the bytes
// arrive. It replaces the SDK's generic stream decoding on the hot path (one token per event at
// thousands of events per second, so no promise per event); the SDK still builds, authenticates and
// error-checks the request. It reads a Node stream (from our node:http fetch, the cheap path) or a
// web ReadableStream (any other fetch).
import type { Readable } from 'node:stream';

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
  let buffer = '';
  let data: string[] = [];
  let over = false;

  const feed = (text: string) => {
    let buf = buffer + text;
    let nl: number;
    while (!over && (nl = buf.indexOf('\n')) >= 0) {
      let line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line === '') {
        if (data.length) {
          const d = data.length === 1 ? data[0] : data.join('\n');
          data = [];
          h.event(d);
        }
      } else if (line.startsWith('data:')) {
        data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
      }
      // other fields (event:, id:, retry:) and comments (":") are not used by chat completions
    }
    buffer = buf;
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
  body.on('data', (text: string) => {
    if (!over) feed(text);
  });
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
