/**
 * Reads the functions' JSON log lines one at a time into a bounded aggregate (memory grows with the number of
 * keys, never with the number of lines) and answers the dashboard model. A bad line is counted and skipped,
 * never thrown on.
 */
import { buildModel } from './buildModel.js';
import { eventHandlers } from './eventHandlers.js';
import { timeField } from './fields.js';
import type { LogRecord } from './fields.js';
import { FleetState } from './FleetState.js';
import type { FleetStateOptions } from './FleetState.js';
import type { DashboardModel, SkippedLines } from './types.js';

/** How far into a line a JSON object may start (a line shipped with a prefix such as a time and a level). */
const MAX_PREFIX_CHARS = 256;

/**
 * @example
 * const aggregator = new FleetAggregator();
 * for (const line of lines) aggregator.addLine(line);
 * const model = aggregator.model({ files: ['start.log'], rev: 1 });
 */
class FleetAggregator {
  readonly state: FleetState;
  lines = 0;
  otherEvents = 0;
  readonly skipped: SkippedLines = { malformed: 0, too_long: 0, not_object: 0, missing_fields: 0 };
  readonly events: Record<string, number> = {};
  /** Epoch ms of the latest line. */
  asOfMs = Number.NEGATIVE_INFINITY;

  constructor(options: FleetStateOptions = {}) {
    this.state = new FleetState(options);
  }

  /** One line of text (without its newline). */
  addLine(line: string): void {
    this.lines += 1;
    let start = 0;
    while (start < line.length && line.charCodeAt(start) <= 0x20) start += 1;
    if (line.charCodeAt(start) !== 0x7b /* { */) {
      const brace = line.indexOf('{', start);
      if (brace === -1 || brace - start > MAX_PREFIX_CHARS) {
        this.#skipNonObject(line);
        return;
      }
      start = brace;
    }
    let value: unknown;
    try {
      value = JSON.parse(start === 0 ? line : line.slice(start));
    } catch {
      this.skipped.malformed += 1;
      return;
    }
    this.addRecord(value);
  }

  /** JSON of another kind (`[...]`, `42`) or not JSON at all. */
  #skipNonObject(line: string): void {
    try {
      JSON.parse(line);
      this.skipped.not_object += 1;
    } catch {
      this.skipped.malformed += 1;
    }
  }

  /** A line that was dropped for its length. */
  addOversizeLine(): void {
    this.lines += 1;
    this.skipped.too_long += 1;
  }

  /** One parsed line. */
  addRecord(value: unknown): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.skipped.not_object += 1;
      return;
    }
    const record = value as LogRecord;
    const event = record['event'];
    const timeMs = timeField(record, 'ts');
    if (typeof event !== 'string' || typeof timeMs !== 'number') {
      this.skipped.missing_fields += 1;
      return;
    }
    if (timeMs > this.asOfMs) this.asOfMs = timeMs;
    const handler = Object.hasOwn(eventHandlers, event) ? eventHandlers[event] : undefined;
    if (handler === undefined) {
      this.otherEvents += 1;
      return;
    }
    if (!handler(this.state, record, timeMs)) {
      this.skipped.missing_fields += 1;
      return;
    }
    this.events[event] = (this.events[event] ?? 0) + 1;
  }

  model(meta: { files: string[]; rev: number; now?: Date }): DashboardModel {
    return buildModel(this, meta);
  }
}

export { FleetAggregator };
