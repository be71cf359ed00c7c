/** Row access for `fgs_triggers`. */
import type { Database, Statement } from 'better-sqlite3';

interface TriggerRow {
  trigger_id: string;
  func_key: string;
  trigger_type_code: string;
  trigger_status: string;
  event_type_code: string | null;
  /** JSON of the trigger's `event_data`. */
  event_data: string;
  created_ms: number;
  updated_ms: number;
  /** TIMER only: the next slot to fire, null when disabled. */
  next_fire_ms: number | null;
}

/** Prepared statements over one connection. */
class TriggerStore {
  readonly #insert: Statement<[TriggerRow]>;
  readonly #find: Statement<[string, string], TriggerRow>;
  readonly #ofFunction: Statement<[string], TriggerRow>;
  readonly #ofType: Statement<[string, string], TriggerRow>;
  readonly #update: Statement<[string, number, number | null, string]>;
  readonly #setNext: Statement<[number | null, string]>;
  readonly #delete: Statement<[string]>;
  readonly #deleteAll: Statement<[string]>;
  readonly #due: Statement<[number], TriggerRow>;
  readonly #earliest: Statement<[], { next: number | null }>;

  constructor(db: Database) {
    this.#insert = db.prepare(`INSERT INTO fgs_triggers (trigger_id, func_key, trigger_type_code, trigger_status,
      event_type_code, event_data, created_ms, updated_ms, next_fire_ms) VALUES (@trigger_id, @func_key,
      @trigger_type_code, @trigger_status, @event_type_code, @event_data, @created_ms, @updated_ms, @next_fire_ms)`);
    this.#find = db.prepare('SELECT * FROM fgs_triggers WHERE func_key = ? AND trigger_id = ?');
    this.#ofFunction = db.prepare('SELECT * FROM fgs_triggers WHERE func_key = ? ORDER BY created_ms, rowid');
    this.#ofType = db.prepare(`SELECT * FROM fgs_triggers WHERE trigger_type_code = ? AND trigger_status = ?
      ORDER BY created_ms, rowid`);
    this.#update = db.prepare(
      'UPDATE fgs_triggers SET trigger_status = ?, updated_ms = ?, next_fire_ms = ? WHERE trigger_id = ?',
    );
    this.#setNext = db.prepare('UPDATE fgs_triggers SET next_fire_ms = ? WHERE trigger_id = ?');
    this.#delete = db.prepare('DELETE FROM fgs_triggers WHERE trigger_id = ?');
    this.#deleteAll = db.prepare('DELETE FROM fgs_triggers WHERE func_key = ?');
    this.#due = db.prepare(`SELECT * FROM fgs_triggers WHERE next_fire_ms IS NOT NULL AND next_fire_ms <= ?
      ORDER BY next_fire_ms, created_ms, rowid`);
    this.#earliest = db.prepare('SELECT MIN(next_fire_ms) AS next FROM fgs_triggers WHERE next_fire_ms IS NOT NULL');
  }

  insert(row: TriggerRow): void {
    this.#insert.run(row);
  }

  find(funcKey: string, triggerId: string): TriggerRow | undefined {
    return this.#find.get(funcKey, triggerId);
  }

  ofFunction(funcKey: string): TriggerRow[] {
    return this.#ofFunction.all(funcKey);
  }

  /** Every trigger of a type in a status, oldest first (SMN / CTS delivery). */
  active(typeCode: string): TriggerRow[] {
    return this.#ofType.all(typeCode, 'ACTIVE');
  }

  setStatus(triggerId: string, status: string, nowMs: number, nextFireMs: number | null): void {
    this.#update.run(status, nowMs, nextFireMs, triggerId);
  }

  setNextFire(triggerId: string, nextFireMs: number | null): void {
    this.#setNext.run(nextFireMs, triggerId);
  }

  delete(triggerId: string): void {
    this.#delete.run(triggerId);
  }

  deleteAllOf(funcKey: string): void {
    this.#deleteAll.run(funcKey);
  }

  /** Timers whose next slot is at or before `nowMs`, earliest first. */
  due(nowMs: number): TriggerRow[] {
    return this.#due.all(nowMs);
  }

  /** The earliest next slot of any timer, or undefined. */
  earliestNextFire(): number | undefined {
    return this.#earliest.get()?.next ?? undefined;
  }
}

export { TriggerStore };
export type { TriggerRow };
