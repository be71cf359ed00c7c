/** Helpers the key commands share: a key named by id or alias, a quiet logger for the lifecycle, TTY prompts. */
import { createInterface } from 'node:readline/promises';
import { Logger } from '../lib/log/Logger.js';
import type { KeyService } from '../lib/ports/index.js';
import { CliError } from './args.js';
import { ExitCode } from './exitCodes.js';

const KEY_ID = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/;
const ALIAS = /^[A-Za-z0-9_-]{1,43}$/;

/** A key id as given, or the key an alias (`app` or `alias/app`) points at. */
async function resolveKeyRef(keys: Pick<KeyService, 'resolveAlias'>, ref: string, option: string): Promise<{ keyId: string; alias?: string }> {
  if (KEY_ID.test(ref)) return { keyId: ref };
  const alias = ref.startsWith('alias/') ? ref.slice('alias/'.length) : ref;
  if (!ALIAS.test(alias)) throw new CliError(`${option} must be a 36-character key id or an alias (1-43 of A-Z a-z 0-9 _ -)`);
  const keyId = await keys.resolveAlias(alias);
  if (keyId === undefined) throw new CliError(`alias ${alias} does not exist (byok status lists the managed keys)`, { exitCode: ExitCode.Attention });
  return { keyId, alias };
}

/** The lifecycle's logger for a command: JSON lines on stderr with --verbose, else nothing. */
function commandLogger(name: string, verbose: boolean | undefined): Logger {
  return new Logger({
    level: verbose === true ? 'debug' : 'error',
    write: verbose === true ? (line) => void process.stderr.write(`${line}\n`) : () => {},
    fields: { fn: `byok-${name}` },
  });
}

/**
 * Asks a yes/no question on the terminal; `false` unless the answer is y or yes. Callers refuse without a terminal.
 *
 * @example
 * if (!(await confirm('Stop managing key 0d4b…?'))) return ExitCode.Usage;
 */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export { KEY_ID, commandLogger, confirm, resolveKeyRef };
