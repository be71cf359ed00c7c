/**
 * `byok secret put` and `byok secret versions`: key material into CSMS (embedded or Huawei) without it ever being
 * printed — from a file, or 32 random bytes made here (`--generate`) — and the versions a secret has.
 */
import { randomBytes } from 'node:crypto';
import { isWrapError } from '../../lib/crypto/WrapError.js';
import { decodeMaterial } from '../../lib/crypto/decodeMaterial.js';
import { fingerprint } from '../../lib/crypto/fingerprint.js';
import { zeroize } from '../../lib/crypto/zeroize.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { ErrorKind, hasKind } from '../../lib/errors/index.js';
import type { CsmsClient } from '../../lib/huawei/index.js';
import { CliError, parseCommandArgs, readInputFile, requireOption, runCommand } from '../args.js';
import type { CommandSession } from '../args.js';
import { BACKEND_HELP } from '../backend.js';
import type { Backend } from '../backend.js';
import { EXIT_CODES_HELP, ExitCode } from '../exitCodes.js';
import { renderTable, stdoutOutput } from '../output.js';

const USAGE = `usage: byok secret put --name S (--material FILE | --generate) [--json]
       byok secret versions S [--json]

put       store AES-256 key material as a new version of CSMS secret S (created if
          missing), as secret_binary. The material is never printed: only its
          fingerprint (the byok:fp tag a key imported from it will carry).
  --name S          the secret's name (1-64 of A-Z a-z 0-9 _ -)
  --material FILE   32 raw bytes, or base64 or hex text of them; "-" reads stdin
  --generate        32 random bytes made here instead (node's CSPRNG), zeroed after
versions  list secret S's versions: id, creation time, stages.
  --json            print one JSON object
  -h, --help        show this help

${EXIT_CODES_HELP}
${BACKEND_HELP}`;

const OPTIONS = {
  name: { type: 'string' },
  material: { type: 'string' },
  generate: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const SECRET_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function csmsOf(backend: Backend): CsmsClient {
  if (backend.huawei === undefined) throw new CliError(`byok secret needs CSMS (Huawei Cloud or the embedded cloud); ${backend.description} has none`);
  return backend.huawei.csms;
}

/** Stores the material (owned here and zeroed) as a new version; answers the version id. */
async function store(csms: CsmsClient, name: string, material: Buffer): Promise<string> {
  const encoded = Buffer.from(material.toString('base64'), 'latin1');
  const secretBinary = new SecretValue(encoded.toString('latin1'));
  zeroize(encoded);
  try {
    await csms.createSecretVersion(name, { secretBinary });
  } catch (error) {
    if (!hasKind(error, ErrorKind.NotFound)) throw error;
    await csms.createSecret({ name, secretBinary, description: 'byok-keeper key material (AES-256)' });
  }
  return (await csms.listSecretVersions(name)).filter((v) => v.versionStages.includes('SYSCURRENT')).map((v) => v.id)[0] ?? 'latest';
}

async function put(session: CommandSession, argv: string[]): Promise<number> {
  const flags = parseCommandArgs(argv, OPTIONS);
  const name = requireOption(flags.name, 'name', 'S');
  if (!SECRET_NAME.test(name)) throw new CliError('--name must be 1-64 of A-Z a-z 0-9 _ -');
  if ((flags.material === undefined) === (flags.generate !== true)) throw new CliError('give exactly one of --material FILE and --generate');
  let material: Buffer;
  if (flags.generate === true) material = randomBytes(32);
  else {
    const bytes = await readInputFile(flags.material!, 'material');
    try {
      material = decodeMaterial(bytes);
    } finally {
      zeroize(bytes);
    }
  }
  let fp: string;
  let version: string;
  let backend: Backend;
  try {
    fp = fingerprint(material);
    backend = await session.backend();
    version = await store(csmsOf(backend), name, material);
  } finally {
    zeroize(material);
  }
  const result = { secret: name, version, fingerprint: fp, generated: flags.generate === true, backend: backend.description };
  if (flags.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`stored secret ${name} version ${version} (${fp}); ${backend.description}\n`);
  return ExitCode.Ok;
}

async function versions(session: CommandSession, argv: string[]): Promise<number> {
  const positional = argv.filter((a) => !a.startsWith('-'));
  const flags = parseCommandArgs(argv.filter((a) => a.startsWith('-')), { json: OPTIONS.json });
  if (positional.length !== 1 || !SECRET_NAME.test(positional[0]!)) throw new CliError('give one secret name S (1-64 of A-Z a-z 0-9 _ -)');
  const list = await csmsOf(await session.backend()).listSecretVersions(positional[0]!);
  const rows = list.map((v) => ({ version: v.id, created_at: v.createTime?.toISOString() ?? null, stages: v.versionStages }));
  if (flags.json === true) process.stdout.write(`${JSON.stringify({ secret: positional[0], versions: rows })}\n`);
  else stdoutOutput().write(renderTable(['VERSION', 'CREATED', 'STAGES'], rows.map((r) => [r.version, r.created_at, r.stages.join(',')])));
  return ExitCode.Ok;
}

/** Entry point of `byok secret`; returns the exit code. */
async function run(argv: string[]): Promise<number> {
  return runCommand(
    'secret',
    async (session) => {
      const [sub, ...rest] = argv;
      if (sub === undefined || sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(USAGE);
        return sub === undefined ? ExitCode.Usage : ExitCode.Ok;
      }
      if (sub === 'put') return put(session, rest);
      if (sub === 'versions') return versions(session, rest);
      throw new CliError('unknown sub-command: use byok secret put or byok secret versions (see --help)');
    },
    { usage: isWrapError },
  );
}

export { run };
