/**
 * Runs units of work one at a time, each in one SQLite transaction. better-sqlite3 refuses a
 * promise-returning transaction function, and an open transaction on the single connection
 * must not be shared by two requests interleaving at an `await`, hence the queue. A synchronous
 * unit with nobody ahead of it runs and commits at once, without a single `await`.
 */
import type { Database, Statement } from 'better-sqlite3';

function isPromiseLike<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** A one-at-a-time transaction runner over one connection. */
class Transactor {
  readonly #db: Database;
  readonly #begin: Statement;
  readonly #commit: Statement;
  readonly #rollback: Statement;
  #busy = false;
  readonly #waiting: (() => void)[] = [];

  constructor(db: Database) {
    this.#db = db;
    this.#begin = db.prepare('BEGIN');
    this.#commit = db.prepare('COMMIT');
    this.#rollback = db.prepare('ROLLBACK');
  }

  /** Runs `work` in a transaction: committed when it returns/resolves, rolled back when it throws. */
  async run<T>(work: () => T | Promise<T>): Promise<T> {
    if (this.#busy) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#busy = true;
    try {
      this.#begin.run();
      let result = work();
      if (isPromiseLike(result)) result = await result;
      this.#commit.run();
      return result;
    } catch (error) {
      if (this.#db.inTransaction) this.#rollback.run();
      throw error;
    } finally {
      this.#release();
    }
  }

  /** Synchronous variant for start-up and other places with nothing async in flight. */
  runSync<T>(work: () => T): T {
    if (this.#busy) throw new Error('Transactor.runSync called while a unit of work is in flight');
    return this.#db.transaction(work)();
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#busy = false;
  }
}

export { Transactor };
