/**
 * `byok fingerprint`: print the fingerprint byok-keeper stores in a key's `byok:fp` tag, so an operator can
 * check which material a key holds without ever showing the material.
 */
import { isWrapError } from '../../lib/crypto/WrapError.js';
import { decodeMaterial } from '../../lib/crypto/decodeMaterial.js';
import { fingerprint } from '../../lib/crypto/fingerprint.js';
import { withMaterial } from '../../lib/crypto/zeroize.js';
import { parseCommandArgs, readInputFile, requireOption, runCommand } from '../args.js';
import { EXIT_CODES_HELP } from '../exitCodes.js';

const USAGE = `usage: byok fingerprint --material FILE

Print the fingerprint of key material (fp1-..., the value of the byok:fp tag).
It is one-way: it identifies the material without revealing it.

  --material FILE  the material: 32 raw bytes, or base64 or hex text of them;
                   "-" reads standard input
  -h, --help       show this help

${EXIT_CODES_HELP}`;

const OPTIONS = {
  material: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Entry point of `byok fingerprint`; returns the exit code. */
async function run(argv: string[]): Promise<number> {
  return runCommand(
    'fingerprint',
    async () => {
      const values = parseCommandArgs(argv, OPTIONS);
      if (values.help === true) {
        process.stdout.write(USAGE);
        return 0;
      }
      const fileBytes = await readInputFile(requireOption(values.material, 'material'), 'material');
      const value = withMaterial(fileBytes, (bytes) => withMaterial(decodeMaterial(bytes), fingerprint));
      process.stdout.write(`${value}\n`);
      return 0;
    },
    { usage: isWrapError },
  );
}

export { run };
