/**
 * `byok wrap`: wrap key material by hand (or for an HSM workflow) with the wrapping key of
 * get-parameters-for-import, printing the base64 `encrypted_key_material` on stdout.
 */
import { isWrapError } from '../../lib/crypto/WrapError.js';
import { DEFAULT_WRAPPING_ALGORITHM, WrappingAlgorithm } from '../../lib/crypto/constants.js';
import { decodeMaterial } from '../../lib/crypto/decodeMaterial.js';
import { decodePublicKeyFile } from '../../lib/crypto/decodePublicKeyFile.js';
import { parseWrappingAlgorithm, wrapMaterial } from '../../lib/crypto/wrapMaterial.js';
import { withMaterial } from '../../lib/crypto/zeroize.js';
import { parseCommandArgs, readInputFile, requireOption, runCommand } from '../args.js';
import { EXIT_CODES_HELP } from '../exitCodes.js';

const USAGE = `usage: byok wrap --public-key FILE --material FILE [--algorithm A]

Wrap 32 bytes of AES_256 key material for KMS import-key-material and print the
base64 encrypted_key_material (344 characters for the RSA-2048 wrapping key).

  --public-key FILE  the wrapping key (public_key of get-parameters-for-import):
                     base64 text (one line or wrapped), raw DER, or PEM PUBLIC KEY
  --material FILE    the material: 32 raw bytes, or base64 or hex text of them;
                     "-" reads standard input
  --algorithm A      the algorithm the import token was requested with:
                     ${Object.values(WrappingAlgorithm).join(', ')}
                     (default ${DEFAULT_WRAPPING_ALGORITHM}; SM2_ENCRYPT is not supported)
  -h, --help         show this help

${EXIT_CODES_HELP}`;

const OPTIONS = {
  'public-key': { type: 'string' },
  material: { type: 'string' },
  algorithm: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Entry point of `byok wrap`; returns the exit code. */
async function run(argv: string[]): Promise<number> {
  return runCommand(
    'wrap',
    async () => {
      const values = parseCommandArgs(argv, OPTIONS);
      if (values.help === true) {
        process.stdout.write(USAGE);
        return 0;
      }
      const publicKeyPath = requireOption(values['public-key'], 'public-key');
      const materialPath = requireOption(values.material, 'material');
      const algorithm =
        values.algorithm === undefined ? DEFAULT_WRAPPING_ALGORITHM : parseWrappingAlgorithm(values.algorithm);
      const publicKey = decodePublicKeyFile(await readInputFile(publicKeyPath, 'public-key'));
      const fileBytes = await readInputFile(materialPath, 'material');
      const { wrapped, warnings } = withMaterial(fileBytes, (bytes) =>
        withMaterial(decodeMaterial(bytes), (material) => wrapMaterial(material, publicKey, algorithm)),
      );
      for (const warning of warnings) process.stderr.write(`byok wrap: warning: ${warning}\n`);
      process.stdout.write(`${wrapped}\n`);
      return 0;
    },
    { usage: isWrapError },
  );
}

export { run };
