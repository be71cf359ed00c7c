/**
 * Shared plumbing for `byok` sub-commands: strict option parsing with node:util `parseArgs`, input files,
 * and the rule that a failure prints exactly ONE line, `byok <command>: <reason>`, and exits with the code of
 * its kind (cli/exitCodes.ts): 1 refused or failed, 2 usage or configuration, 3 the cloud unreachable or
 * refusing the credentials.
 *
 * Messages are written so they never echo what the user passed as a value or positional argument: people
 * paste secrets in the wrong place, and a usage error must not print them back.
 */
import { closest, distance } from 'fastest-levenshtein';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { ByokError, isByokError, isConfigError, isNamedError } from '../lib/errors/index.js';
import { openBackend } from './backend.js';
import type { Backend, Cloud } from './backend.js';
import { cloudFailureLine, isCloudOutage } from './cloudFailure.js';
import { ExitCode } from './exitCodes.js';
import { terminalText } from './terminalText.js';

/** An error whose message is written for the user and is safe to print (no secrets, one line). */
class CliError extends ByokError {
  override readonly name = 'CliError' as const;
  /** Default {@link ExitCode.Usage}: most refusals of the command itself are about how it was called. */
  readonly exitCode: ExitCode;

  constructor(message: string, options?: ErrorOptions & { exitCode?: ExitCode }) {
    const { exitCode, ...rest } = options ?? {};
    super(message, { ...rest, code: 'BYOK.USAGE' });
    this.exitCode = exitCode ?? ExitCode.Usage;
  }
}

/** True for a {@link CliError}, also across module copies. */
const isCliError = isNamedError<CliError>('CliError');

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** An option name quoted from a parseArgs message, but only if it looks like an option and is short. */
function quotedOption(message: string): string {
  const name = /'(--?[A-Za-z0-9][A-Za-z0-9-]*)/.exec(message)?.[1];
  return name !== undefined && name.length <= 30 ? `${name} ` : '';
}

function describeParseError(error: unknown, known: readonly string[]): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const given = quotedOption(message).trim();
      const nearest = given === '' || known.length === 0 ? undefined : closest(given.replace(/^-+/, ''), [...known]);
      const hint = nearest !== undefined && distance(given.replace(/^-+/, ''), nearest) <= Math.max(2, nearest.length / 3) ? `; did you mean --${nearest}?` : '';
      return `unknown option ${given === '' ? '' : `${given} `}(see --help)${hint}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message.includes('argument missing')
        ? `option ${quotedOption(message)}needs a value`
        : `option ${quotedOption(message)}takes no value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return 'unexpected argument; this command takes only options (see --help)';
    default:
      return 'invalid arguments (see --help)';
  }
}

/**
 * Parse `argv` strictly (unknown options and positionals are errors) and return the option values.
 *
 * @throws {CliError} with a one-line reason that quotes no values
 * @example
 * const values = parseCommandArgs(argv, { material: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
 */
function parseCommandArgs<const O extends OptionsConfig>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CliError(describeParseError(error, Object.keys(options)), { cause: error });
  }
}

/**
 * The value of a required string option.
 *
 * @throws {CliError} `missing --name VALUE`
 */
function requireOption(value: string | undefined, name: string, placeholder = 'FILE'): string {
  if (value === undefined || value === '') throw new CliError(`missing --${name} ${placeholder}`);
  return value;
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
};

/**
 * Reads a stream to its end, at most `maxBytes`: a FIFO, a device (`/dev/zero`) or stdin has no size to check
 * first. Every chunk is zeroed once copied, and the whole is zeroed when it is too large.
 */
async function readCapped(stream: AsyncIterable<unknown>, maxBytes: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const wipe = (): void => chunks.forEach((c) => c.fill(0));
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      chunks.push(buffer);
      total += buffer.length;
      if (total > maxBytes) throw new CliError(`${what} is larger than ${maxBytes} bytes`);
    }
    return Buffer.concat(chunks);
  } finally {
    wipe();
  }
}

/**
 * Read an input file (`-` = standard input) of at most `maxBytes`, whatever it is (file, FIFO, device). The
 * error names the option, not the path: a user who passes a secret where a path belongs must not see it printed
 * back.
 *
 * @throws {CliError} `cannot read the --material file: no such file`, `... is larger than N bytes`
 */
async function readInputFile(path: string, option: string, maxBytes = 64 * 1024): Promise<Buffer> {
  if (path === '-') return readCapped(process.stdin, maxBytes, 'standard input');
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    if (info.isFile() && info.size > maxBytes) throw new CliError(`the --${option} file is larger than ${maxBytes} bytes`);
    // Read in small chunks, so a device never hands over more than the cap plus one chunk.
    return await readCapped(createReadStream(path, { highWaterMark: 16 * 1024 }), maxBytes, `the --${option} file`);
  } catch (error) {
    if (isCliError(error)) throw error;
    const code = String((error as { code?: unknown }).code ?? 'unknown error');
    throw new CliError(`cannot read the --${option} file: ${FILE_ERRORS[code] ?? code}`);
  }
}

interface RunCommandOptions {
  /** Which other errors carry messages safe to print; the project's own (`ByokError`) always do. */
  expose?: (error: unknown) => boolean;
  /** Errors that are about the user's input (exit code 2), e.g. a material file that is not 32 bytes. */
  usage?: (error: unknown) => boolean;
}

/** What a command body gets: the backend, opened on first use and closed when the command ends. */
interface CommandSession {
  /** Opens the backend once (`cloud`: what `--cloud` named, else the environment decides). */
  backend(options?: { cloud?: Cloud | undefined }): Promise<Backend>;
}

/** The exit code and the reason to print for a failure. */
function failureOf(error: unknown, where: string | undefined, options: RunCommandOptions): { code: ExitCode; reason: string } {
  if (isCliError(error)) return { code: error.exitCode, reason: error.message };
  if (isConfigError(error) || options.usage?.(error) === true) return { code: ExitCode.Usage, reason: (error as Error).message };
  if (isCloudOutage(error)) return { code: ExitCode.Cloud, reason: cloudFailureLine(error, where ?? 'the cloud') };
  if (isByokError(error) || options.expose?.(error) === true) return { code: ExitCode.Attention, reason: (error as Error).message };
  return { code: ExitCode.Attention, reason: `unexpected ${error instanceof Error ? error.name : 'failure'}` };
}

/**
 * Run a command body and turn any failure into one line on stderr, `byok <name>: <reason>`, and its exit code.
 * Errors that are not the project's own (`ByokError`) or accepted by `expose` print only their type.
 *
 * @example
 * return runCommand('status', async (session) => { const backend = await session.backend(); ...; return 0; });
 */
async function runCommand(
  name: string,
  body: (session: CommandSession) => Promise<number> | number,
  options: RunCommandOptions = {},
): Promise<number> {
  let opened: Backend | undefined;
  const session: CommandSession = {
    backend: async (backendOptions) => (opened ??= await openBackend(process.env, backendOptions)),
  };
  try {
    return await body(session);
  } catch (error) {
    const { code, reason } = failureOf(error, opened?.description, options);
    process.stderr.write(`byok ${name}: ${terminalText(reason.replace(/\s+/g, ' ').trim(), 2_000)}\n`);
    return code;
  } finally {
    await opened?.close();
  }
}

export { CliError, isCliError, parseCommandArgs, readInputFile, requireOption, runCommand };
export type { CommandSession, RunCommandOptions };
