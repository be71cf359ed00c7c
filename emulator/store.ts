/**
 * The emulator's one SQLite file: opened with owner-only permissions, WAL journal, each
 * service's schema plus the core's own tables (`meta`, `temporary_credentials`).
 *
 * Durability: `journal_mode=WAL` with `synchronous=NORMAL`. A transaction is in the WAL (in the
 * OS page cache) before COMMIT returns, so a killed emulator process (SIGKILL, crash) loses
 * nothing it acknowledged; only an OS crash or power cut can drop the last commits, which a
 * development tool can afford. `synchronous=FULL` would add an fsync to every commit and cost
 * the describe-key benchmark most of its throughput for no gain against process kills.
 */
import Database from 'better-sqlite3';
import type { Database as DatabaseType } from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

const CORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS temporary_credentials (
  access         TEXT PRIMARY KEY,
  secret         TEXT NOT NULL,
  security_token TEXT NOT NULL,
  created_at_ms  INTEGER NOT NULL,
  expires_at_ms  INTEGER NOT NULL
) WITHOUT ROWID;
`;

/**
 * The data file cannot be used: not a SQLite file, corrupt, a directory, not writable. The message names the
 * file and says what to do, so `byok emulator` and every command on the embedded cloud can print it as is.
 */
class DataFileError extends Error {
  override readonly name = 'DataFileError';
  readonly dataFile: string;

  constructor(dataFile: string, problem: string, options?: ErrorOptions) {
    super(`the emulator data file ${dataFile} ${problem}: move it away, or use another data file`, options);
    this.dataFile = dataFile;
  }
}

const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  SQLITE_NOTADB: 'is not an emulator data file (not a SQLite database)',
  SQLITE_CORRUPT: 'is corrupt',
  SQLITE_READONLY: 'is read-only',
  SQLITE_CANTOPEN: 'cannot be opened',
  SQLITE_FULL: 'cannot grow (the disk is full)',
  EISDIR: 'is a directory',
  ENOTDIR: 'is under something that is not a directory',
  EACCES: 'is not readable and writable by this user',
  EPERM: 'is not readable and writable by this user',
  EROFS: 'is on a read-only file system',
};

/** The file problem behind an open failure, or `undefined` when it is not about the file. */
function fileProblemOf(error: unknown): string | undefined {
  const code = String((error as { code?: unknown })?.code ?? '');
  return FILE_PROBLEMS[code] ?? (code.startsWith('SQLITE_CORRUPT') ? FILE_PROBLEMS['SQLITE_CORRUPT'] : undefined);
}

/** Tables owned by the core, kept by a data reset. */
const CORE_TABLES: ReadonlySet<string> = new Set(['meta', 'temporary_credentials']);

/**
 * Opens (creating if needed, mode 0600) the data file and runs the core and service schemas.
 *
 * @throws {DataFileError} when the file is not usable (naming the file and what to do)
 * @example
 * const db = openStore('.byok/emulator.db', [kms.schema, csms.schema]);
 */
function openStore(dataFile: string, serviceSchemas: string[]): DatabaseType {
  try {
    return openStoreFile(dataFile, serviceSchemas);
  } catch (error) {
    const problem = fileProblemOf(error);
    throw problem === undefined ? error : new DataFileError(dataFile, problem, { cause: error });
  }
}

function openStoreFile(dataFile: string, serviceSchemas: string[]): DatabaseType {
  mkdirSync(dirname(dataFile), { recursive: true, mode: 0o700 });
  // Create the file ourselves so it is never, even briefly, readable by others (SQLite would
  // create it with 0644 minus umask); chmod as well in case it already existed with a wider mode.
  closeSync(openSync(dataFile, 'a', 0o600));
  chmodSync(dataFile, 0o600);
  const db = new Database(dataFile);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.exec(CORE_SCHEMA);
    for (const schema of serviceSchemas) if (schema.trim() !== '') db.exec(schema);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Deletes every row of every service table (not the core's), in the caller's transaction. */
function deleteServiceRows(db: DatabaseType): void {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all() as string[];
  // Every table is emptied, so foreign keys only need to hold at commit, not row by row.
  db.pragma('defer_foreign_keys = ON');
  for (const table of tables) {
    if (!CORE_TABLES.has(table)) db.prepare(`DELETE FROM "${table.replace(/"/g, '""')}"`).run();
  }
}

/** Typed access to the `meta` key/value table. */
class MetaStore {
  readonly #get;
  readonly #set;

  constructor(db: DatabaseType) {
    this.#get = db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck();
    this.#set = db.prepare<[string, string]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  get(key: string): string | undefined {
    return this.#get.get(key);
  }

  set(key: string, value: string): void {
    this.#set.run(key, value);
  }
}

export { CORE_TABLES, DataFileError, MetaStore, deleteServiceRows, openStore };
