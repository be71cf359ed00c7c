/** The dashboard model of complete log files, read once as streams. */
import { LogTail } from './LogTail.js';
import type { LogTailOptions } from './LogTail.js';
import type { DashboardModel } from './types.js';

/**
 * Reads `paths` in order (oldest first gives the truest Pending import spans) and answers their model.
 *
 * @throws {LogFileError} when a file cannot be read
 * @example
 * const html = renderDashboardPage(await readDashboardModel(['.byok/start.log']));
 */
async function readDashboardModel(paths: readonly string[], options: LogTailOptions = {}): Promise<DashboardModel> {
  const tail = new LogTail(paths, options);
  await tail.refresh();
  tail.finish();
  return tail.model();
}

export { readDashboardModel };
