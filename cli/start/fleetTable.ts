/**
 * How `byok start` shows a tick: on a terminal, a table redrawn in place; otherwise one JSON object per tick.
 *
 * The redraw is two ANSI sequences (cursor to the start of the line N lines up, clear to the end of the screen)
 * and lines cut to the terminal's width so none wraps and the count stays right: simpler than a library
 * (log-update would add eight packages for the same two sequences).
 */
import { KeyState } from '../../lib/domain/KeyState.js';
import type { KeyRow, SweepReport } from './fleetView.js';

/** One tick as shown. */
interface TickView {
  tick: number;
  now: Date;
  keys: KeyRow[];
  /** What the deployed timer reported, when it ran during this tick. */
  sweep: SweepReport | undefined;
}

const STATE_NAMES: Record<string, string> = {
  [KeyState.PendingImport]: 'Pending import',
  [KeyState.PendingDeletion]: 'Pending deletion',
  [KeyState.PendingActivation]: 'Pending activation',
};

const HOUR_MS = 3_600_000;

function stamp(date: Date | undefined): string {
  return date === undefined ? '-' : `${date.toISOString().slice(0, 16).replace('T', ' ')}`;
}

function ago(now: Date, at: Date | undefined): string {
  if (at === undefined) return '';
  const hours = Math.max(0, Math.round((now.getTime() - at.getTime()) / HOUR_MS));
  if (hours === 0) return 'just now';
  return hours < 48 ? `${hours}h ago` : `${Math.round(hours / 24)}d ago`;
}

function sweepText(sweep: SweepReport | undefined): string {
  if (sweep === undefined) return 'timer: did not run this tick';
  return `timer renew-expiring: scanned ${sweep.scanned}, due ${sweep.due}, renewed ${sweep.renewed}, recovered ${sweep.recovered}, failed ${sweep.failed}`;
}

/** The table of a tick, one string per line (no colours: it must read the same in a log). */
function tableLines(view: TickView, heading: string): string[] {
  const rows = view.keys.map((key) => [
    key.alias,
    STATE_NAMES[key.state] ?? key.state,
    stamp(key.expiresAt),
    key.daysLeft === null ? '-' : key.daysLeft.toFixed(2),
    `${key.lastAction} ${ago(view.now, key.lastActionAt)}`.trim(),
  ]);
  const header = ['alias', 'state', 'expires (UTC)', 'days left', 'last action'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, i) => (i === 3 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const pending = view.keys.filter((key) => key.state === KeyState.PendingImport).length;
  const minDays = Math.min(...view.keys.map((key) => key.daysLeft ?? Infinity));
  return [
    `${heading} — simulated ${stamp(view.now)} UTC, tick ${view.tick}`,
    sweepText(view.sweep),
    '',
    line(header),
    ...rows.map(line),
    '',
    `${view.keys.length} keys, ${pending} in Pending import, min days left ${Number.isFinite(minDays) ? minDays.toFixed(2) : '-'}`,
  ];
}

/** The tick as one JSON line (what a pipe or a log collector gets). */
function tickJson(view: TickView): string {
  return JSON.stringify({
    tick: view.tick,
    time: view.now.toISOString(),
    sweep: view.sweep ?? null,
    keys: view.keys.map((key) => ({
      alias: key.alias,
      key_id: key.keyId,
      state: key.state,
      expires_at: key.expiresAt?.toISOString() ?? null,
      days_left: key.daysLeft === null ? null : Number(key.daysLeft.toFixed(3)),
      last_action: key.lastAction,
      last_action_at: key.lastActionAt?.toISOString() ?? null,
    })),
  });
}

/** Lines redrawn in place on a terminal. */
class LiveTable {
  readonly #write: (text: string) => void;
  readonly #columns: () => number;
  #drawn = 0;

  constructor(write: (text: string) => void, columns: () => number) {
    this.#write = write;
    this.#columns = columns;
  }

  /** Replaces what the last call drew with `lines`. */
  draw(lines: readonly string[]): void {
    const width = Math.max(20, this.#columns() - 1);
    const up = this.#drawn > 0 ? `\x1b[${this.#drawn}F\x1b[0J` : '';
    this.#write(`${up}${lines.map((text) => (text.length > width ? text.slice(0, width) : text)).join('\n')}\n`);
    this.#drawn = lines.length;
  }

  /** What is below the table is new: the next draw starts afresh. */
  release(): void {
    this.#drawn = 0;
  }
}

export { LiveTable, tableLines, tickJson };
export type { TickView };
