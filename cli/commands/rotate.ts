/** `byok rotate`: move an alias to a new key for its secret's newest (or a given) version — on-event's rotate. */
import { rotateSecret } from '../../lib/lifecycle/index.js';
import { CliError, parseCommandArgs, requireOption, runCommand } from '../args.js';
import { BACKEND_HELP, takeCloud } from '../backend.js';
import { EXIT_CODES_HELP, ExitCode } from '../exitCodes.js';
import { commandLogger } from '../keyRef.js';
import { renderTable, stdoutOutput } from '../output.js';

const USAGE = `usage: byok rotate --alias A [--version V] [--json] [--verbose]

A new secret version means a new key (a key accepts only its first material): create
the managed key for the version, import its material, then move alias/A to it. The
old key stays managed and renewed until you offboard it. Running it again resumes.

  --alias A     the alias to rotate (its key's byok:secret names the secret)
  --version V   the secret version (default: the newest, pinned now)
  --json        print one JSON object {aliases: [...]}
  --verbose     write the lifecycle's log lines (JSON) on stderr
  --cloud C     huawei or aws (default: as the environment says)
  -h, --help    show this help

${EXIT_CODES_HELP}
${BACKEND_HELP}`;

const OPTIONS = {
  alias: { type: 'string' },
  version: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Entry point of `byok rotate`; returns the exit code. */
async function run(given: string[]): Promise<number> {
  const { cloud, argv } = takeCloud(given);
  return runCommand('rotate', async (session) => {
    const flags = parseCommandArgs(argv, OPTIONS);
    if (flags.help === true) {
      process.stdout.write(USAGE);
      return ExitCode.Ok;
    }
    const alias = requireOption(flags.alias, 'alias', 'A').replace(/^alias\//, '');
    if (!/^[A-Za-z0-9_-]{1,43}$/.test(alias)) throw new CliError('--alias must be 1 to 43 of A-Z a-z 0-9 _ -');
    if (flags.version !== undefined && !/^[A-Za-z0-9_-]{1,43}$/.test(flags.version)) throw new CliError('--version must be a version id such as v2');
    const backend = await session.backend({ cloud });
    const deps = { ...backend, logger: commandLogger('rotate', flags.verbose) };
    const moved = await rotateSecret({ alias, ...(flags.version !== undefined ? { version: flags.version } : {}) }, deps);
    if (flags.json === true) process.stdout.write(`${JSON.stringify({ aliases: moved, backend: backend.description })}\n`);
    else {
      stdoutOutput().write(renderTable(['ALIAS', 'OLD KEY', 'NEW KEY', 'VERSION', 'OUTCOME'], moved.map((m) => [m.alias, m.old_key_id, m.new_key_id, m.version, m.outcome])));
    }
    return ExitCode.Ok;
  });
}

export { run };
