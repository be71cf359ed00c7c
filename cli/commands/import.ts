/**
 * `byok import`: the last step of a hand or HSM workflow — import material wrapped outside byok-keeper (with
 * `byok wrap` or openssl) into a key, with the token of the same `byok params` call.
 */
import { zeroize } from '../../lib/crypto/zeroize.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { TagKey } from '../../lib/tags.js';
import { DEFAULT_TTL_TEXT, TtlError, expiryFor, parseTtl } from '../../lib/ttl.js';
import { CliError, parseCommandArgs, readInputFile, requireOption, runCommand } from '../args.js';
import { BACKEND_HELP, takeCloud } from '../backend.js';
import { EXIT_CODES_HELP, ExitCode } from '../exitCodes.js';
import { resolveKeyRef } from '../keyRef.js';

const USAGE = `usage: byok import --key K --token FILE --material-wrapped FILE [--ttl T] [--json]

Import wrapped key material into key K (import-key-material) and check the result.

  --key K                  a 36-character key id or an alias
  --token FILE             the import token from byok params (its import-token file)
  --material-wrapped FILE  the material wrapped with that call's wrapping key: base64
                           text (byok wrap's output) or the raw 256 bytes (openssl's)
  --ttl T                  material lifetime: Nd, Nh or never (default: the key's
                           byok:ttl tag, else ${DEFAULT_TTL_TEXT})
  --json                   print one JSON object
  --cloud C                huawei or aws (default: as the environment says)
  -h, --help               show this help

The material's fingerprint cannot be known from wrapped material: a managed key gets
its byok:fp tag at its next renewal.

${EXIT_CODES_HELP}
${BACKEND_HELP}`;

const OPTIONS = {
  key: { type: 'string' },
  token: { type: 'string' },
  'material-wrapped': { type: 'string' },
  ttl: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const TOKEN = /^[0-9a-zA-Z+/=]{200,6144}$/;
const WRAPPED_B64 = /^[0-9a-zA-Z+/=]{344,360}$/;

/** A file's text trimmed, as a secret; the read buffer is zeroed. */
async function readSecretText(path: string, option: string): Promise<SecretValue> {
  const bytes = await readInputFile(path, option);
  try {
    return new SecretValue(bytes.toString('latin1').trim());
  } finally {
    zeroize(bytes);
  }
}

/** Wrapped material as base64: its base64 text, or the raw RSA-2048 ciphertext (256 bytes). */
async function readWrapped(path: string): Promise<SecretValue> {
  const bytes = await readInputFile(path, 'material-wrapped');
  try {
    if (bytes.length === 256) return new SecretValue(bytes.toString('base64'));
    const text = bytes.toString('latin1').trim();
    if (!WRAPPED_B64.test(text)) throw new CliError('the --material-wrapped file is neither 256 raw bytes nor base64 text of them (344 characters)');
    return new SecretValue(text);
  } finally {
    zeroize(bytes);
  }
}

/** Entry point of `byok import`; returns the exit code. */
async function run(given: string[]): Promise<number> {
  const { cloud, argv } = takeCloud(given);
  return runCommand('import', async (session) => {
    const flags = parseCommandArgs(argv, OPTIONS);
    if (flags.help === true) {
      process.stdout.write(USAGE);
      return ExitCode.Ok;
    }
    const ref = requireOption(flags.key, 'key', 'K');
    const token = await readSecretText(requireOption(flags.token, 'token'), 'token');
    if (!TOKEN.test(token.reveal())) throw new CliError('the --token file does not hold an import token (base64, 200 to 6144 characters)');
    const wrapped = await readWrapped(requireOption(flags['material-wrapped'], 'material-wrapped'));
    const backend = await session.backend({ cloud });
    const { keyId } = await resolveKeyRef(backend.keys, ref, '--key');
    const tagTtl = (await backend.keys.showKeyTags(keyId)).find((t) => t.key === TagKey.Ttl)?.value;
    let ttl;
    try {
      ttl = parseTtl(flags.ttl ?? tagTtl ?? DEFAULT_TTL_TEXT);
    } catch (error) {
      if (error instanceof TtlError) throw new CliError(flags.ttl !== undefined ? `--ttl must be "never" or a duration such as 30d or 12h` : `key ${keyId}'s ${TagKey.Ttl} tag is not a lifetime: pass --ttl`);
      throw error;
    }
    const expirationTime = expiryFor(ttl, backend.clock.now());
    await backend.keys.importKeyMaterial({ keyId, importToken: token, encryptedKeyMaterial: wrapped, ...(expirationTime ? { expirationTime } : {}) });
    const info = await backend.keys.describeKey(keyId);
    const result = { key_id: keyId, state: info.keyState, expires_at: info.expirationTime?.toISOString() ?? null, ttl: ttl.text, backend: backend.description };
    if (flags.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`imported into ${keyId}: ${result.state}, material expires ${result.expires_at ?? 'never'}\n`);
    return ExitCode.Ok;
  });
}

export { run };
