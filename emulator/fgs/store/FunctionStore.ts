/** Row access for `fgs_functions`; handlers decide the rules. */
import type { Database, Statement } from 'better-sqlite3';

interface FunctionRow {
  func_key: string;
  project_id: string;
  package: string;
  func_name: string;
  func_id: string;
  runtime: string;
  handler: string;
  memory_size: number;
  timeout: number;
  code_type: string;
  code_filename: string | null;
  code: Buffer;
  code_size: number;
  digest: string;
  user_data: string | null;
  encrypted_user_data: string | null;
  xrole: string | null;
  app_xrole: string | null;
  description: string;
  enterprise_project_id: string;
  type: string;
  created_ms: number;
  last_modified_ms: number;
}

/** `<project_id>:<package>:<func_name>`. */
function functionKey(projectId: string, packageName: string, funcName: string): string {
  return `${projectId}:${packageName}:${funcName}`;
}

const COLUMNS = [
  'func_key', 'project_id', 'package', 'func_name', 'func_id', 'runtime', 'handler', 'memory_size', 'timeout',
  'code_type', 'code_filename', 'code', 'code_size', 'digest', 'user_data', 'encrypted_user_data', 'xrole',
  'app_xrole', 'description', 'enterprise_project_id', 'type', 'created_ms', 'last_modified_ms',
] as const;

/** Prepared statements over one connection. */
class FunctionStore {
  readonly #find: Statement<[string], FunctionRow>;
  readonly #insert: Statement<[FunctionRow]>;
  readonly #replace: Statement<[FunctionRow]>;
  readonly #delete: Statement<[string]>;
  readonly #count: Statement<[string, string | null, string | null], { n: number }>;
  readonly #page: Statement<[string, string | null, string | null, number, number], Omit<FunctionRow, 'code'>>;

  constructor(db: Database) {
    const named = COLUMNS.map((c) => `@${c}`).join(', ');
    this.#find = db.prepare('SELECT * FROM fgs_functions WHERE func_key = ?');
    this.#insert = db.prepare(`INSERT INTO fgs_functions (${COLUMNS.join(', ')}) VALUES (${named})`);
    this.#replace = db.prepare(
      `UPDATE fgs_functions SET ${COLUMNS.filter((c) => c !== 'func_key').map((c) => `${c} = @${c}`).join(', ')}
       WHERE func_key = @func_key`,
    );
    this.#delete = db.prepare('DELETE FROM fgs_functions WHERE func_key = ?');
    const filter = 'project_id = ? AND (? IS NULL OR package = ?)';
    this.#count = db.prepare(`SELECT COUNT(*) AS n FROM fgs_functions WHERE ${filter}`);
    const listed = COLUMNS.filter((c) => c !== 'code').join(', ');
    this.#page = db.prepare(
      `SELECT ${listed} FROM fgs_functions WHERE ${filter} ORDER BY created_ms, rowid LIMIT ? OFFSET ?`,
    );
  }

  find(funcKey: string): FunctionRow | undefined {
    return this.#find.get(funcKey);
  }

  insert(row: FunctionRow): void {
    this.#insert.run(row);
  }

  /** Writes every column of an existing function. */
  save(row: FunctionRow): void {
    this.#replace.run(row);
  }

  delete(funcKey: string): void {
    this.#delete.run(funcKey);
  }

  count(projectId: string, packageName?: string): number {
    const p = packageName ?? null;
    return this.#count.get(projectId, p, p)?.n ?? 0;
  }

  /** A page of functions in creation order, without their code. */
  page(projectId: string, packageName: string | undefined, offset: number, limit: number): Omit<FunctionRow, 'code'>[] {
    const p = packageName ?? null;
    return this.#page.all(projectId, p, p, limit, offset);
  }
}

export { FunctionStore, functionKey };
export type { FunctionRow };
