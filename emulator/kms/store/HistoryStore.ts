/**
 * The append-only state history of each key, on the emulator clock. Rows are never rewritten; a row's time is
 * never earlier than the row before it, so the order of appends is also the order in time.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { HistoryReason } from '../constants.js';

interface HistoryRow {
  at_ms: number;
  state: string;
  reason: HistoryReason;
}

class HistoryStore {
  readonly #append: Statement;
  readonly #list: Statement;
  readonly #lastAt: Statement;

  constructor(db: Database) {
    this.#append = db.prepare('INSERT INTO kms_key_history (key_id, at_ms, state, reason) VALUES (?, ?, ?, ?)');
    this.#list = db.prepare('SELECT at_ms, state, reason FROM kms_key_history WHERE key_id = ? ORDER BY seq');
    this.#lastAt = db.prepare('SELECT MAX(at_ms) FROM kms_key_history WHERE key_id = ?').pluck();
  }

  /**
   * Appends a row at `atMs`, moved forward to the previous row's time if needed (expiry rows are written after
   * the fact with the instant they happened).
   */
  append(keyId: string, atMs: number, state: string, reason: HistoryReason): void {
    const lastMs = this.#lastAt.get(keyId) as number | null;
    this.#append.run(keyId, Math.max(atMs, lastMs ?? atMs), state, reason);
  }

  list(keyId: string): HistoryRow[] {
    return this.#list.all(keyId) as HistoryRow[];
  }
}

export { HistoryStore };
export type { HistoryRow };
