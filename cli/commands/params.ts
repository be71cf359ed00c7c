/**
 * `byok params`: import parameters for a hand or HSM workflow — the wrapping key as DER and PEM and the import
 * token, written to files only the user can read (0600), never printed — so `byok wrap` or Huawei's openssl
 * procedure can wrap the material, and `byok import` finishes.
 */
import { createPublicKey } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fetchParameters, WRAPPING_ALGORITHM } from '../../lib/lifecycle/index.js';
import { parseCommandArgs, requireOption, runCommand } from '../args.js';
import { BACKEND_HELP, takeCloud } from '../backend.js';
import { EXIT_CODES_HELP, ExitCode } from '../exitCodes.js';
import { resolveKeyRef } from '../keyRef.js';

const USAGE = `usage: byok params --key K [--out DIR] [--json]

Fetch import parameters (get-parameters-for-import, ${WRAPPING_ALGORITHM}) for key K and write,
mode 0600, in DIR (default .byok/params/<key id>):
  wrapping-key.der   the RSA wrapping key (DER SubjectPublicKeyInfo)
  wrapping-key.pem   the same as PEM
  import-token       the import token (a credential for this key's import: keep it private)
Both are valid 24 hours. Then wrap the 32 bytes of material with byok wrap
(--public-key DIR/wrapping-key.der) or openssl (pkeyutl -encrypt -pkeyopt
rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256), and finish with byok import.

  --key K      a 36-character key id or an alias
  --out DIR    where to write the files
  --json       print one JSON object {key_id, files, expires_at}
  --cloud C    huawei or aws (default: as the environment says)
  -h, --help   show this help

${EXIT_CODES_HELP}
${BACKEND_HELP}`;

const OPTIONS = {
  key: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Writes a private file (0600 from its creation, and again in case it existed with a wider mode). */
async function writePrivate(path: string, content: string | Buffer): Promise<void> {
  await writeFile(path, content, { mode: 0o600 });
  await chmod(path, 0o600);
}

/** Entry point of `byok params`; returns the exit code. */
async function run(given: string[]): Promise<number> {
  const { cloud, argv } = takeCloud(given);
  return runCommand('params', async (session) => {
    const flags = parseCommandArgs(argv, OPTIONS);
    if (flags.help === true) {
      process.stdout.write(USAGE);
      return ExitCode.Ok;
    }
    const ref = requireOption(flags.key, 'key', 'K');
    const backend = await session.backend({ cloud });
    const { keyId } = await resolveKeyRef(backend.keys, ref, '--key');
    const params = await fetchParameters(backend.keys, keyId);
    const dir = flags.out ?? join('.byok', 'params', keyId);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const der = Buffer.from(params.publicKey, 'base64');
    const pem = createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }).toString();
    const files = { wrapping_key_der: join(dir, 'wrapping-key.der'), wrapping_key_pem: join(dir, 'wrapping-key.pem'), import_token: join(dir, 'import-token') };
    await writePrivate(files.wrapping_key_der, der);
    await writePrivate(files.wrapping_key_pem, pem);
    await writePrivate(files.import_token, `${params.importToken.reveal()}\n`);
    const result = { key_id: keyId, algorithm: WRAPPING_ALGORITHM, files, expires_at: params.expiresAt.toISOString(), backend: backend.description };
    if (flags.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(
        `wrote ${files.wrapping_key_der}, ${files.wrapping_key_pem} and ${files.import_token} (mode 0600), valid until ${result.expires_at}\n` +
          `next: byok wrap --public-key ${files.wrapping_key_der} --material MATERIAL > wrapped.b64\n` +
          `      byok import --key ${keyId} --token ${files.import_token} --material-wrapped wrapped.b64\n`,
      );
    }
    return ExitCode.Ok;
  });
}

export { run };
