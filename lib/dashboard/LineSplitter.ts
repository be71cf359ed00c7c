/**
 * Splits a byte stream into lines without ever holding more than one line's budget: a line longer than
 * `maxLineBytes` is dropped as it streams by (and reported), so one runaway line cannot exhaust memory.
 * Bytes are joined before decoding, so a UTF-8 character split across chunks survives.
 */

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

interface LineSplitterOptions {
  maxLineBytes: number;
  onLine: (line: string) => void;
  /** Called once per dropped line. */
  onOversize: () => void;
}

/**
 * @example
 * const splitter = new LineSplitter({ maxLineBytes: 1 << 20, onLine: (l) => agg.addLine(l), onOversize: () => n++ });
 * for await (const chunk of createReadStream(file)) splitter.push(chunk);
 * splitter.end();
 */
class LineSplitter {
  readonly #options: LineSplitterOptions;
  #parts: Buffer[] = [];
  #partBytes = 0;
  /** Inside a line that is already over budget: skip bytes up to its newline. */
  #discarding = false;

  constructor(options: LineSplitterOptions) {
    this.#options = options;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) break;
      this.#finish(chunk, start, newline);
      start = newline + 1;
    }
    if (start < chunk.length) this.#keep(chunk, start);
  }

  /** The stream has ended: a last line without a newline is a line too. */
  end(): void {
    if (this.#partBytes > 0 || this.#discarding) this.#finish(Buffer.alloc(0), 0, 0);
  }

  #keep(chunk: Buffer, start: number): void {
    if (this.#discarding) return;
    const bytes = chunk.length - start;
    if (this.#partBytes + bytes > this.#options.maxLineBytes) {
      this.#parts = [];
      this.#partBytes = 0;
      this.#discarding = true;
      return;
    }
    // A copy: the stream may reuse its buffers, and a slice would pin the whole chunk.
    this.#parts.push(Buffer.from(chunk.subarray(start)));
    this.#partBytes += bytes;
  }

  #finish(chunk: Buffer, start: number, end: number): void {
    if (this.#discarding) {
      this.#discarding = false;
      this.#options.onOversize();
      return;
    }
    if (end > start && chunk[end - 1] === CARRIAGE_RETURN) end -= 1;
    const total = this.#partBytes + (end - start);
    let line: string;
    if (total > this.#options.maxLineBytes) {
      line = '';
      this.#options.onOversize();
    } else if (this.#partBytes === 0) {
      line = chunk.toString('utf8', start, end);
    } else {
      const joined = Buffer.concat([...this.#parts, chunk.subarray(start, end)]);
      // A CR split from its LF by a chunk boundary.
      line = joined.toString('utf8', 0, joined[joined.length - 1] === CARRIAGE_RETURN ? joined.length - 1 : joined.length);
    }
    this.#parts = [];
    this.#partBytes = 0;
    if (line.trim() !== '') this.#options.onLine(line);
  }
}

export { LineSplitter };
export type { LineSplitterOptions };
