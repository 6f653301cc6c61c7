// A lean server-sent-events reader for chat-completion streams: decodes UTF-8 incrementally and
// returns the `data:` payloads of complete events. It replaces the SDK's generic stream decoding on
// the hot path (one token per event at thousands of events per second); the SDK still builds,
// authenticates and error-checks the request. It reads a Node stream (from our node:http fetch,
// the cheap path) or a web ReadableStream (any other fetch).
import type { Readable } from 'node:stream';

/** Events parsed ahead of the consumer before a Node body is paused. */
const HIGH_WATER = 256;

export class SSEReader {
  private buffer = '';
  private data: string[] = [];
  private queue: string[] = [];
  private head = 0;
  private finished = false;
  private error: unknown = undefined;
  private waiter: (() => void) | null = null;
  private readonly pull: () => Promise<void>;
  private readonly stop: () => void;

  constructor(body: ReadableStream<Uint8Array> | Readable) {
    if (body instanceof ReadableStream) {
      const reader = body.getReader();
      const decoder = new TextDecoder();
      this.pull = async () => {
        const { value, done } = await reader.read();
        if (done) {
          this.finished = true;
          this.feed(decoder.decode() + '\n\n');
        } else this.feed(decoder.decode(value, { stream: true }));
      };
      this.stop = () => {
        reader.cancel().catch(() => undefined);
      };
      return;
    }
    const node = body;
    node.setEncoding('utf8');
    const wake = () => this.wake();
    const end = (err?: unknown) => {
      if (this.finished) return;
      this.finished = true;
      if (err === undefined) this.feed('\n\n');
      else this.error = err;
      wake();
    };
    node.on('data', (text: string) => {
      this.feed(text);
      if (this.queue.length - this.head > HIGH_WATER) node.pause();
      wake();
    });
    node.once('end', () => end());
    node.on('error', (err) => end(err));
    node.once('close', () => end(new TypeError('terminated')));
    this.pull = () => {
      if (node.isPaused()) node.resume();
      return new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    };
    this.stop = () => node.destroy();
  }

  /** The next event's data, or null at the end of the body; throws if the body failed. */
  async next(): Promise<string | null> {
    while (this.head >= this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
      if (this.error !== undefined) throw this.error;
      if (this.finished) return null;
      await this.pull();
    }
    return this.queue[this.head++];
  }

  cancel(): void {
    this.finished = true;
    this.stop();
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private feed(text: string): void {
    let buf = this.buffer + text;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      let line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line === '') {
        if (this.data.length) {
          this.queue.push(this.data.join('\n'));
          this.data = [];
        }
      } else if (line.startsWith('data:')) {
        this.data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
      }
      // other fields (event:, id:, retry:) and comments (":") are not used by chat completions
    }
    this.buffer = buf;
  }
}
