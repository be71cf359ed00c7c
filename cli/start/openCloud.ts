/**
 * The embedded cloud `byok start` runs on: the data file every byok command uses (its folder created 0700, the
 * same rule as the emulator's own), a virtual clock, and the port of the previous run when it is free. The
 * deployed functions carry the cloud's URL in their user data, so the same port is what lets a second
 * `npm start` find nothing to redeploy; a busy port just means the next deploy updates that setting.
 */
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_DATA_FILE, startEmulator } from '../../emulator/index.js';
import type { RunningEmulator } from '../../emulator/index.js';
import { IdentityMismatchError } from '../../emulator/credentials.js';
import { CliError } from '../args.js';

interface StartState {
  /** The emulator's port in the last run. */
  emulator_port?: number;
}

/** `.byok/emulator.db` → `.byok/emulator.start.json`: what one `npm start` leaves for the next. */
function stateFile(dataFile: string): string {
  return join(dirname(dataFile), `${basename(dataFile).replace(/\.[^.]*$/, '')}.start.json`);
}

function readState(dataFile: string): StartState {
  try {
    return JSON.parse(readFileSync(stateFile(dataFile), 'utf8')) as StartState;
  } catch {
    return {};
  }
}

/** Remembers the emulator's port for the next run. */
function saveState(dataFile: string, state: StartState): void {
  writeFileSync(stateFile(dataFile), `${JSON.stringify(state)}\n`, { mode: 0o600 });
}

/**
 * Creates the data file's folder 0700. The default `.byok/` is tightened if an older run made it wider; a folder
 * the user chose (`--data /tmp/x.db`) is left as it is.
 */
function prepareFolder(dataFile: string): void {
  const folder = dirname(resolve(dataFile));
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (folder === dirname(resolve(DEFAULT_DATA_FILE)) && (statSync(folder).mode & 0o077) !== 0) chmodSync(folder, 0o700);
}

async function startOn(dataFile: string, port: number): Promise<RunningEmulator> {
  return startEmulator({ dataFile, clock: 'virtual', port, log: (line) => void process.stderr.write(`${line}\n`) });
}

/**
 * Starts the embedded cloud for `byok start`; close it when done.
 *
 * @throws {CliError} when the data file belongs to another region or cannot be opened
 */
async function openCloud(dataFile: string): Promise<RunningEmulator> {
  prepareFolder(dataFile);
  const preferred = readState(dataFile).emulator_port;
  try {
    if (preferred !== undefined) {
      try {
        return await startOn(dataFile, preferred);
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
      }
    }
    return await startOn(dataFile, 0);
  } catch (error) {
    if (error instanceof IdentityMismatchError) throw new CliError(error.message);
    const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 200) : 'unknown error';
    throw new CliError(`cannot start the embedded cloud on ${dataFile} (${reason}); pass --data with another file`);
  }
}

/** The port of `endpoint` (`http://127.0.0.1:PORT`). */
function portOf(endpoint: string): number {
  return Number(new URL(endpoint).port);
}

export { openCloud, portOf, saveState, stateFile };
