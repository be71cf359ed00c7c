/**
 * Log files read into one aggregate, incrementally: each refresh reads only the bytes appended since the last
 * one, so a live page costs little on a large log. A file that shrank or was replaced (a new `npm start` run
 * recreates its log) makes the whole aggregate start over.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { FleetAggregator } from './FleetAggregator.js';
import type { FleetStateOptions } from './FleetState.js';
import { LineSplitter } from './LineSplitter.js';
import type { DashboardModel } from './types.js';

/** Default line limit: well above the functions' own 64 KiB cap (lib/log/Logger.ts), below anything harmful. */
const DEFAULT_MAX_LINE_BYTES = 1 << 20;
const CHUNK_BYTES = 1 << 20;
/** The first bytes of a file, kept to notice a file rewritten in place (truncated, then grown past where we were). */
const HEAD_BYTES = 256;

/** A log file could not be read; `fileIndex` is its position in the list (paths are not repeated in messages). */
class LogFileError extends Error {
  override readonly name = 'LogFileError' as const;
  readonly fileIndex: number;
  /** `ENOENT`, `EACCES`, `EISDIR`, ... */
  readonly reason: string;

  constructor(fileIndex: number, reason: string, options?: ErrorOptions) {
    super(`log file ${fileIndex + 1} cannot be read (${reason})`, options);
    this.fileIndex = fileIndex;
    this.reason = reason;
  }
}

interface LogTailOptions extends FleetStateOptions {
  maxLineBytes?: number;
}

interface TailedFile {
  path: string;
  offset: number;
  ino: number | undefined;
  head: Buffer;
  splitter: LineSplitter;
}

class LogTail {
  readonly paths: readonly string[];
  readonly #options: LogTailOptions;
  #aggregator!: FleetAggregator;
  #files: TailedFile[] = [];
  /** Files found at least once: one that disappears later (rotated away) reads as empty, not as an error. */
  readonly #found = new Set<number>();
  /** Bumped whenever the aggregate changes. */
  rev = 0;

  constructor(paths: readonly string[], options: LogTailOptions = {}) {
    this.paths = paths;
    this.#options = options;
    this.#reset();
  }

  /**
   * Reads what was appended to every file since the last call. Answers whether anything changed.
   *
   * @throws {LogFileError} when a file cannot be read (a missing file counts as empty only after it was read once)
   */
  async refresh(): Promise<boolean> {
    const sizes = await Promise.all(this.#files.map((file, index) => this.#stat(file, index)));
    const rewritten = await Promise.all(this.#files.map((file) => this.#headChanged(file)));
    if (sizes.some((s, i) => s.size < (this.#files[i] as TailedFile).offset || s.replaced || rewritten[i])) {
      this.#reset();
      this.rev += 1;
    }
    let changed = false;
    for (const [index, file] of this.#files.entries()) {
      const { size, ino } = sizes[index] as { size: number; ino: number | undefined };
      file.ino = ino;
      if (size <= file.offset) continue;
      await this.#read(file, index, size);
      changed = true;
    }
    if (changed) this.rev += 1;
    return changed;
  }

  /** The files are complete: a last line without a newline counts too. */
  finish(): void {
    for (const file of this.#files) file.splitter.end();
  }

  model(now?: Date): DashboardModel {
    return this.#aggregator.model({ files: this.paths.map((p) => basename(p)), rev: this.rev, now });
  }

  #reset(): void {
    const aggregator = new FleetAggregator(this.#options);
    this.#aggregator = aggregator;
    const maxLineBytes = this.#options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.#files = this.paths.map((path) => ({
      path,
      offset: 0,
      ino: undefined,
      head: Buffer.alloc(0),
      splitter: new LineSplitter({ maxLineBytes, onLine: (line) => aggregator.addLine(line), onOversize: () => aggregator.addOversizeLine() }),
    }));
  }

  async #stat(file: TailedFile, index: number): Promise<{ size: number; ino: number | undefined; replaced: boolean }> {
    try {
      const info = await stat(file.path);
      if (!info.isFile()) throw new LogFileError(index, 'not a file');
      this.#found.add(index);
      return { size: info.size, ino: info.ino, replaced: file.ino !== undefined && info.ino !== file.ino };
    } catch (error) {
      if (error instanceof LogFileError) throw error;
      const code = String((error as { code?: unknown }).code ?? 'unknown error');
      if (code === 'ENOENT' && this.#found.has(index)) return { size: 0, ino: undefined, replaced: file.ino !== undefined };
      throw new LogFileError(index, code, { cause: error });
    }
  }

  /** True when the bytes we began with are no longer at the start of the file. */
  async #headChanged(file: TailedFile): Promise<boolean> {
    if (file.head.length === 0) return false;
    let handle;
    try {
      handle = await open(file.path, 'r');
      const now = Buffer.alloc(file.head.length);
      const { bytesRead } = await handle.read(now, 0, now.length, 0);
      return bytesRead < now.length || !now.equals(file.head);
    } catch {
      return false;
    } finally {
      await handle?.close();
    }
  }

  async #read(file: TailedFile, index: number, size: number): Promise<void> {
    const stream = createReadStream(file.path, { start: file.offset, end: size - 1, highWaterMark: CHUNK_BYTES });
    try {
      for await (const chunk of stream) {
        const bytes = chunk as Buffer;
        if (file.head.length < HEAD_BYTES) {
          file.head = Buffer.concat([file.head, bytes.subarray(0, HEAD_BYTES - file.head.length)]);
        }
        file.splitter.push(bytes);
        file.offset += bytes.length;
      }
    } catch (error) {
      throw new LogFileError(index, String((error as { code?: unknown }).code ?? 'read error'), { cause: error });
    }
  }
}

export { DEFAULT_MAX_LINE_BYTES, LogFileError, LogTail };
export type { LogTailOptions };
