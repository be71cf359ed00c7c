/**
 * Renewal benchmark (not a test): `node --import tsx bench/renewal.ts [--part=rate|memory|gap] [--cgroup]`. Prints plain lines and
 * tables; each part says what it measures (bench/renewal/*.ts):
 *
 *  1. rate (bench/renewal/rate.ts): the adaptive client-side rate against an import-group limit it is not told.
 *  2. memory (bench/renewal/memory.ts): peak RSS of the deployed function sweeping 10,000 to 100,000 keys.
 *  3. gap (bench/renewal/gap.ts): how long delete-first leaves a key without material, with 50 ms per call.
 *
 * The emulator hands out copies of a few pre-generated wrapping keys (test/renewal/fixtures/reusedWrappingKeys.ts):
 * a fresh RSA-2048 pair costs ~190 ms here, which would cap the emulator near 5 get-parameters/s and measure key
 * generation instead of the sweep.
 */
import { fileURLToPath } from 'node:url';
import { gapPart } from './renewal/gap.js';
import { memoryPart } from './renewal/memory.js';
import { rateChild, ratePart } from './renewal/rate.js';

const entry = fileURLToPath(import.meta.url);
const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const rateChildArg = arg('rate-child');
if (rateChildArg !== undefined) {
  await rateChild(Number(rateChildArg));
} else {
  const part = arg('part');
  console.log(`renewal benchmark${part === undefined ? '' : ` (part ${part})`}`);
  if (part === undefined || part === 'rate') await ratePart(entry);
  const sizes = arg('sizes')?.split(',').map(Number);
  if (part === undefined || part === 'memory') await memoryPart(sizes, { cgroup: process.argv.includes('--cgroup') });
  if (part === undefined || part === 'gap') await gapPart();
}
