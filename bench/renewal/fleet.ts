/** A due fleet on the embedded cloud for the renewal benchmark: onboarded through the create-key chain. */
import { randomBytes } from 'node:crypto';
import { StageName } from '../../lib/ports/index.js';
import type { RenewalEnv } from '../../test/renewal/renewalEnv.js';

const ONBOARD_CONCURRENCY = 8;
/** CSMS allows 500 secrets per project: this many keys share each secret (each key still reads it). */
const KEYS_PER_SECRET = 10;

/** `keys` managed keys with a 3-day ttl; answers the seconds it took. */
async function onboardFleet(env: RenewalEnv, keys: number): Promise<number> {
  const startedMs = performance.now();
  const secrets = Math.ceil(keys / KEYS_PER_SECRET);
  for (let s = 0; s < secrets; s++) await env.createSecret(`bench-secret-${s}`, { secretBinary: randomBytes(32).toString('base64') });
  let next = 0;
  const onboarder = async (): Promise<void> => {
    for (let i = next++; i < keys; i = next++) {
      const result = await env.dispatcher.runChain(StageName.CreateKey, { alias: `bench-${i}`, secret: { name: `bench-secret-${i % secrets}` }, ttl: '3d' });
      if (!result.ok) throw new Error(`onboarding failed: ${result.error.code} ${result.error.message}`);
    }
  };
  await Promise.all(Array.from({ length: ONBOARD_CONCURRENCY }, onboarder));
  return (performance.now() - startedMs) / 1000;
}

export { KEYS_PER_SECRET, ONBOARD_CONCURRENCY, onboardFleet };
