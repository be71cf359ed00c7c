import type { Database, Statement } from 'better-sqlite3';

/** One recorded asynchronous invocation. */
interface InvocationRow {
  seq: number;
  request_id: string;
  project_id: string;
  function_urn: string;
  /** The request body exactly as received (JSON text). */
  body: string;
  received_at_ms: number;
}

/** What {@link InvocationStore.list} filters on. */
interface InvocationQuery {
  projectId: string;
  functionUrn?: string;
  /** Only rows with `seq` greater than this. */
  afterSeq?: number;
  limit: number;
}

/** The `fgs_invocations` table behind prepared statements. */
class InvocationStore {
  readonly #insert: Statement<[string, string, string, string, number]>;
  readonly #list: Statement<[string, string | null, string | null, number, number], InvocationRow>;

  constructor(db: Database) {
    this.#insert = db.prepare(
      'INSERT INTO fgs_invocations (request_id, project_id, function_urn, body, received_at_ms) VALUES (?, ?, ?, ?, ?)',
    );
    this.#list = db.prepare(
      `SELECT seq, request_id, project_id, function_urn, body, received_at_ms FROM fgs_invocations
       WHERE project_id = ? AND (? IS NULL OR function_urn = ?) AND seq > ? ORDER BY seq LIMIT ?`,
    );
  }

  /** Records an accepted invocation; answers its `seq`. */
  record(row: Omit<InvocationRow, 'seq'>): number {
    const info = this.#insert.run(row.request_id, row.project_id, row.function_urn, row.body, row.received_at_ms);
    return Number(info.lastInsertRowid);
  }

  list(query: InvocationQuery): InvocationRow[] {
    const urn = query.functionUrn ?? null;
    return this.#list.all(query.projectId, urn, urn, query.afterSeq ?? 0, query.limit);
  }
}

export { InvocationStore };
export type { InvocationQuery, InvocationRow };
