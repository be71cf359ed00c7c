/** Row access for CSMS event notifications (`csms_events`). */
import type { Database, Statement } from 'better-sqlite3';

interface EventRow {
  event_id: string;
  project_id: string;
  name: string;
  /** JSON array of event types. */
  event_types: string;
  state: string;
  target_type: string;
  target_id: string;
  target_name: string;
  create_time_ms: number;
  update_time_ms: number;
}

/** Prepared statements over one connection. */
class EventStore {
  readonly #find: Statement<[string, string], EventRow>;
  readonly #insert: Statement<[EventRow]>;
  readonly #update: Statement<[EventRow]>;
  readonly #delete: Statement<[string]>;
  readonly #page: Statement<[string, string, number], EventRow>;

  constructor(db: Database) {
    this.#find = db.prepare('SELECT * FROM csms_events WHERE project_id = ? AND name = ?');
    this.#insert = db.prepare(`INSERT INTO csms_events (event_id, project_id, name, event_types, state, target_type,
      target_id, target_name, create_time_ms, update_time_ms) VALUES (@event_id, @project_id, @name, @event_types,
      @state, @target_type, @target_id, @target_name, @create_time_ms, @update_time_ms)`);
    this.#update = db.prepare(`UPDATE csms_events SET event_types = @event_types, state = @state,
      target_type = @target_type, target_id = @target_id, target_name = @target_name, update_time_ms = @update_time_ms
      WHERE event_id = @event_id`);
    this.#delete = db.prepare('DELETE FROM csms_events WHERE event_id = ?');
    this.#page = db.prepare('SELECT * FROM csms_events WHERE project_id = ? AND name > ? ORDER BY name LIMIT ?');
  }

  find(projectId: string, name: string): EventRow | undefined {
    return this.#find.get(projectId, name);
  }

  insert(row: EventRow): void {
    this.#insert.run(row);
  }

  update(row: EventRow): void {
    this.#update.run(row);
  }

  delete(eventId: string): void {
    this.#delete.run(eventId);
  }

  /** Events named after `afterName`, in name order. */
  page(projectId: string, afterName: string, limit: number): EventRow[] {
    return this.#page.all(projectId, afterName, limit);
  }
}

export { EventStore };
export type { EventRow };
