/**
 * `byok onboard`: create a managed key for a CSMS secret version and import its material — the lifecycle (create,
 * fetch parameters, wrap, import) in this process against Huawei Cloud or the embedded cloud.
 */
import { safeParse } from 'valibot';
import { describeIssues } from '../../lib/errors/index.js';
import { onboardManagedKey } from '../../lib/lifecycle/index.js';
import { Logger } from '../../lib/log/Logger.js';
import { CreateKeyEvent } from '../../lib/stages/schemas.js';
import { DEFAULT_TTL_TEXT } from '../../lib/ttl.js';
import { BACKEND_HELP, takeCloud } from '../backend.js';
import { EXIT_CODES_HELP } from '../exitCodes.js';
import { CliError, parseCommandArgs, requireOption, runCommand } from '../args.js';

const USAGE = `usage: byok onboard --alias A --secret S [--version V] [--ttl 30d|never] [--description D] [--json] [--verbose]

Create a KMS key with imported material from a CSMS secret version: an external
AES_256 key named <A>-<version>, tagged byok:managed, reachable as alias/<A>,
holding the secret's 32 bytes (secret_binary, or base64/hex secret_string).
The material is checked before the key is created; if a later step fails, the
half-made key is scheduled for deletion (7 days) and the error says so.

  --alias A         the alias name, without "alias/" (1-43 of A-Z a-z 0-9 _ -)
  --secret S        the CSMS secret holding the material
  --version V       the secret version to pin (default latest, resolved now)
  --ttl T           material lifetime: Nd or Nh (1h..3650d) or never (default ${DEFAULT_TTL_TEXT})
  --description D   the key's description
  --json            print one JSON object
  --verbose         write the stages' log lines (JSON) on stderr
  --cloud C         huawei or aws (default: as the environment says)
  -h, --help        show this help

${EXIT_CODES_HELP}
${BACKEND_HELP}`;

const OPTIONS = {
  alias: { type: 'string' },
  secret: { type: 'string' },
  version: { type: 'string' },
  ttl: { type: 'string' },
  description: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Event fields as the options that set them. */
const OPTION_OF: Readonly<Record<string, string>> = {
  alias: '--alias',
  'secret.name': '--secret',
  'secret.version': '--version',
  ttl: '--ttl',
  description: '--description',
};

/** The create-key event, validated with the stage's own schema; problems are named by option. */
function createKeyEvent(values: ReturnType<typeof parse>): CreateKeyEvent {
  const event = {
    alias: requireOption(values.alias, 'alias', 'A'),
    secret: {
      name: requireOption(values.secret, 'secret', 'S'),
      ...(values.version !== undefined ? { version: values.version } : {}),
    },
    ...(values.ttl !== undefined ? { ttl: values.ttl } : {}),
    ...(values.description !== undefined ? { description: values.description } : {}),
  };
  const parsed = safeParse(CreateKeyEvent, event, { abortEarly: false });
  if (!parsed.success) {
    const problems = describeIssues(parsed.issues).map((i) => `${OPTION_OF[i.path] ?? i.path} must be ${i.problem}`);
    throw new CliError(problems.join('; '));
  }
  return parsed.output;
}

function parse(argv: string[]) {
  return parseCommandArgs(argv, OPTIONS);
}

function print(summary: Record<string, unknown>, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const rows: [string, unknown][] = [
    ['key_id', summary['key_id']],
    ['alias', `alias/${String(summary['alias'])}`],
    ['state', summary['state']],
    ['expires_at', summary['expires_at'] ?? 'never'],
    ['secret', `${String(summary['secret'])} ${String(summary['secret_version'])}`],
    ['backend', summary['backend']],
  ];
  process.stdout.write(rows.map(([k, v]) => `${k.padEnd(11)}${String(v)}\n`).join(''));
}

/** Entry point of `byok onboard`; returns the exit code. */
async function run(given: string[]): Promise<number> {
  const { cloud, argv } = takeCloud(given);
  return runCommand('onboard', async (session) => {
    const values = parse(argv);
    if (values.help === true) {
      process.stdout.write(USAGE);
      return 0;
    }
    const event = createKeyEvent(values);
    const backend = await session.backend({ cloud });
    const logger = new Logger({
      level: values.verbose === true ? 'debug' : 'error',
      write: values.verbose === true ? (line) => void process.stderr.write(`${line}\n`) : () => {},
      fields: { fn: 'byok-onboard' },
    });
    const deps = { ...backend, logger };
    const { key, state, expiresAt } = await onboardManagedKey(deps, {
      alias: event.alias,
      secretName: event.secret.name,
      ...(event.secret.version !== undefined ? { version: event.secret.version } : {}),
      ...(event.ttl !== undefined ? { ttl: event.ttl } : {}),
      ...(event.description !== undefined ? { description: event.description } : {}),
    });
    print(
      {
        key_id: key.keyId,
        alias: event.alias,
        key_name: key.name,
        state,
        expires_at: expiresAt?.toISOString() ?? null,
        secret: event.secret.name,
        secret_version: key.versionId,
        backend: backend.description,
      },
      values.json === true,
    );
    return 0;
  });
}

export { run };
