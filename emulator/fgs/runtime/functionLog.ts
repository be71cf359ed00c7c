/**
 * The LTS stand-in: one log file per function under the data folder, every line carrying the invocation's
 * request id (`<time> <request_id> <LEVEL> <message>`, the context logger's format; raw stdout/stderr lines are
 * prefixed the same way, INFO and ERROR). Start and finish lines follow FunctionGraph's wording, the finish
 * line with the duration and the peak RSS ("memory used") of the child process.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where a function's log lives: `<root>/logs/<package>/<func_name>.log`. */
function functionLogPath(root: string, packageName: string, funcName: string): string {
  return join(root, 'logs', packageName, `${funcName}.log`);
}

/** Appends lines to a function's log file (folders 0700, file 0600). */
function appendLogLines(file: string, lines: readonly string[]): void {
  if (lines.length === 0) return;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  appendFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
}

/** What {@link readLogLines} filters on. */
interface LogQuery {
  /** Only lines of this invocation. */
  requestId?: string;
  /** Only lines stamped at or after this time. */
  sinceMs?: number;
  /** At most this many lines, the last ones. */
  tail?: number;
}

const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z) (\S+) /;

/** The log's lines, filtered; none when the function never ran. */
function readLogLines(file: string, query: LogQuery): string[] {
  if (!existsSync(file)) return [];
  let lines = readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
  if (query.requestId !== undefined) lines = lines.filter((line) => STAMP.exec(line)?.[2] === query.requestId);
  if (query.sinceMs !== undefined) {
    const since = query.sinceMs;
    lines = lines.filter((line) => {
      const stamp = STAMP.exec(line)?.[1];
      return stamp !== undefined && Date.parse(stamp) >= since;
    });
  }
  return query.tail !== undefined ? lines.slice(-query.tail) : lines;
}

export { appendLogLines, functionLogPath, readLogLines };
export type { LogQuery };
