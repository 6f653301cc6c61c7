// A lean server-sent-events reader for chat-completion streams: reads the response body with one
// reader, decodes UTF-8 incrementally and returns the `data:` payloads of complete events. It
// replaces the SDK's generic stream decoding on the hot path (one token per event at thousands of
// events per second); the SDK still builds, authenticates and error-checks the request.

export class SSEReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private data: string[] = [];
  private queue: string[] = [];
  private head = 0;
  private finished = false;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  /** The next event's data, or null at the end of the body. */
  async next(): Promise<string | null> {
    while (this.head >= this.queue.length) {
      if (this.finished) return null;
      this.queue.length = 0;
      this.head = 0;
      const { value, done } = await this.reader.read();
      if (done) {
        this.finished = true;
        this.feed(this.decoder.decode() + '\n\n');
      } else this.feed(this.decoder.decode(value, { stream: true }));
    }
    return this.queue[this.head++];
  }

  cancel(): void {
    this.finished = true;
    this.reader.cancel().catch(() => undefined);
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
