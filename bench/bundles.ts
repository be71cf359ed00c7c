/**
 * Function bundle benchmark (not a test): `node --import tsx bench/bundles.ts [--runs N]`.
 *
 * Per function, built twice with deploy/bundleFunction.cjs — as esbuild bundles it plainly ("before") and with the
 * plugin's slimming (deploy/slimBundle.cjs, "after"):
 *  - the minified bundle size;
 *  - the cold start: wall time of a fresh `node` process that loads the bundle and answers one invocation against
 *    the embedded cloud (deploy/runBundle.cjs, a FunctionGraph-like context with the emulator's temporary
 *    credentials), as a ratio to bare `node -e 0` measured in the same run, interleaved, medians of N runs.
 * The stage functions run one stage each (their next stage is dispatched by asynchronous invocation, which the
 * emulator records), fed the event the previous stage dispatched; every answer must be `ok`, so the bench also
 * proves that the slimmed SDK still signs. Prints plain lines and a table.
 *
 * Where the time goes, sampled in the same rounds (each a fresh `node`, as a ratio or difference to bare node):
 *  - load only: `node -e "require('<bundle>')"`, no invocation: what any invocation of the bundle pays first;
 *  - ICU collation: the first `String.prototype.localeCompare`, which the official signer's canonical header sort
 *    triggers on the first request;
 *  - https + tls: what loading them adds after `http` (an http endpoint, such as the embedded cloud, could skip
 *    them; Huawei Cloud is https, so a deployed function cannot).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCsmsService } from '../emulator/csms/index.js';
import { createFgsService } from '../emulator/fgs/index.js';
import { createKmsService } from '../emulator/kms/index.js';
import type { KmsService } from '../emulator/kms/index.js';
import type { TemporaryTestCredential } from '../test/helpers/emulator.js';
import { randomMaterial, startStageEnv } from '../test/helpers/stageEnv.js';
import type { StageEnv } from '../test/helpers/stageEnv.js';
import { functionUrn, lastInvocation, runBundle, userDataFor, writeBundleDir } from '../test/deploy/bundleRunner.js';
import type { BundleRun } from '../test/deploy/bundleRunner.js';
import { FUNCTION_KEYS, REPO_DIR, plugin } from '../test/deploy/plugin.js';

type Variant = 'before' | 'after';
const VARIANTS: readonly Variant[] = ['before', 'after'];
const runsArg = process.argv.find((a) => a.startsWith('--runs='));
const RUNS = runsArg ? Number(runsArg.slice('--runs='.length)) : 5;
const URN_PREFIX = 'bench-';
const KB = 1024;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Wall time of `node <args>` from spawn to exit. */
async function nodeMs(args: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: 'ignore', env: { PATH: process.env['PATH'] ?? '' } });
  await new Promise((done) => child.once('close', done));
  return performance.now() - started;
}

const bareNodeMs = (): Promise<number> => nodeMs(['-e', '0']);

/** The fixed costs a cold start is made of, each a fresh `node` process (see the header). */
const PARTS = {
  collation: ['-e', '"a".localeCompare("b")'],
  http: ['-e', 'require("node:http")'],
  httpsTls: ['-e', 'require("node:http"); require("node:https")'],
} as const;

/**
 * A floor for any function that calls the cloud over HTTPS: Node loading the modules an HTTPS JSON client needs
 * (https/tls, zlib, crypto) and doing one round trip to the emulator (unsigned, so it is refused at once).
 */
function floorMs(endpoint: string): Promise<number> {
  const script = `require('node:https'); require('node:zlib'); require('node:crypto');
require('node:http').get(${JSON.stringify(`${endpoint}/v1.0/p/kms/list-keys`)}, (res) => { res.resume(); res.on('end', () => process.exit(0)); });`;
  return nodeMs(['-e', script]);
}

/** Package name (or repo folder) → bytes in a bundle. */
function byPackage(inputs: Record<string, number>): [string, number][] {
  const sums = new Map<string, number>();
  for (const [path, bytes] of Object.entries(inputs)) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/')[0] ?? path;
    sums.set(name, (sums.get(name) ?? 0) + bytes);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

/**
 * One cold start of every function, chained: each stage is fed the event the previous one dispatched. Before each
 * run the emulator's pool of RSA wrapping keys is refilled, so no key generation competes with the measured process.
 */
async function coldStarts(
  env: StageEnv,
  kms: KmsService,
  dirs: Record<string, string>,
  credentials: TemporaryTestCredential,
  rep: string,
): Promise<Record<string, BundleRun>> {
  const emu = env.emu;
  const base = { credentials, projectId: emu.projectId, userData: userDataFor(emu, URN_PREFIX) };
  const runs: Record<string, BundleRun> = {};
  const run = async (key: string, event: unknown): Promise<Record<string, unknown>> => {
    await kms.wrappingKeyPool.warm();
    const out = await runBundle(dirs[key]!, { ...base, event });
    if (out.result['ok'] !== true) throw new Error(`${key} did not succeed: ${JSON.stringify(out.result).slice(0, 300)}`);
    runs[key] = out;
    return out.result;
  };
  const created = await run('create-key', { alias: `bench-${rep}`, secret: { name: 'bench-secret' } });
  for (const [from, to] of [['create-key', 'fetch-parameters'], ['fetch-parameters', 'wrap-material'], ['wrap-material', 'import-material']] as const) {
    void from;
    await run(to, (await lastInvocation(emu, functionUrn(emu, `${URN_PREFIX}${to}`))).body);
  }
  await run('on-event', { action: 'import', key_id: created['key_id'] });
  await run('renew-expiring', { trigger_type: 'TIMER', trigger_name: 'bench', user_event: '' });
  return runs;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'byok-bench-bundles-'));
  let kms: KmsService | undefined;
  const services = [(): KmsService => (kms = createKmsService()), createCsmsService, createFgsService];
  const env = await startStageEnv({ emulator: { clock: 'real', services } });
  try {
    const sizes: Record<Variant, Record<string, number>> = { before: {}, after: {} };
    const dirs: Record<Variant, Record<string, string>> = { before: {}, after: {} };
    let breakdown: [string, number][] = [];
    for (const variant of VARIANTS) {
      for (const key of FUNCTION_KEYS) {
        const bundle = await plugin.bundleFunction({ entry: join(REPO_DIR, 'functions', `${key}.ts`), target: 'node20.15', slim: variant === 'after' });
        sizes[variant][key] = bundle.code.length;
        dirs[variant][key] = writeBundleDir(join(work, variant, key), bundle.code);
        if (variant === 'before' && key === 'fetch-parameters') breakdown = byPackage(bundle.inputs);
      }
    }
    await env.createSecret('bench-secret', { secretBinary: randomMaterial().toString('base64') });
    const credentials = await env.emu.temporaryCredentials();
    const samples: Record<Variant, Record<string, BundleRun[]>> = { before: {}, after: {} };
    const bare: number[] = [];
    const floor: number[] = [];
    const parts: Record<keyof typeof PARTS, number[]> = { collation: [], http: [], httpsTls: [] };
    const loadOnly: Record<string, number[]> = {};
    // Warm the file cache and the emulator once, unmeasured.
    await bareNodeMs();
    await coldStarts(env, kms!, dirs.after, credentials, 'warm');
    for (let i = 0; i < RUNS; i++) {
      for (const variant of VARIANTS) {
        // bare and floor are sampled next to each variant's runs, so both see the same machine load.
        bare.push(await bareNodeMs());
        floor.push(await floorMs(env.emu.endpoint));
        const runs = await coldStarts(env, kms!, dirs[variant], credentials, `${variant}-${i}`);
        for (const [key, run] of Object.entries(runs)) (samples[variant][key] ??= []).push(run);
      }
      for (const [name, args] of Object.entries(PARTS)) parts[name as keyof typeof PARTS].push(await nodeMs([...args]));
      for (const key of FUNCTION_KEYS) (loadOnly[key] ??= []).push(await nodeMs(['-e', `require(${JSON.stringify(join(dirs.after[key]!, 'index.js'))})`]));
    }
    const bareMs = median(bare);
    console.log(`bare node -e 0: ${bareMs.toFixed(0)} ms (median of ${RUNS})`);
    console.log(`floor (node + https, zlib, crypto + one HTTP round trip to the emulator): ${median(floor).toFixed(0)} ms, ${(median(floor) / bareMs).toFixed(2)}x bare`);
    console.log(`largest inputs of the plain bundle (fetch-parameters): ${breakdown.slice(0, 10).map(([n, b]) => `${n} ${(b / KB).toFixed(0)} KB`).join(', ')}`);
    console.log('');
    console.log(`${'function'.padEnd(18)} ${'size before'.padStart(12)} ${'size after'.padStart(11)}   ${'cold before'.padStart(18)} ${'cold after'.padStart(18)}`);
    const wall = (variant: Variant, key: string): number => median((samples[variant][key] ?? []).map((r) => r.ms));
    for (const key of FUNCTION_KEYS) {
      const cold = (variant: Variant): string => `${wall(variant, key).toFixed(0)} ms ${(wall(variant, key) / bareMs).toFixed(2)}x`.padStart(18);
      const size = (variant: Variant): string => `${(sizes[variant][key]! / KB).toFixed(0)} KB`;
      console.log(`${key.padEnd(18)} ${size('before').padStart(12)} ${size('after').padStart(11)}   ${cold('before')} ${cold('after')}`);
    }
    console.log('');
    console.log('where a cold start goes (after; medians, ms): node start to runBundle, require(index.js), the invocation, the rest (exit, pipes)');
    for (const key of FUNCTION_KEYS) {
      const runs = samples.after[key] ?? [];
      const part = (pick: (r: BundleRun) => number): string => median(runs.map(pick)).toFixed(0).padStart(6);
      const rest = (r: BundleRun): number => r.ms - r.timing.start_ms - r.timing.load_ms - r.timing.invoke_ms;
      console.log(`${key.padEnd(18)} start ${part((r) => r.timing.start_ms)}  load ${part((r) => r.timing.load_ms)}  invoke ${part((r) => r.timing.invoke_ms)}  rest ${part(rest)}`);
    }
    console.log('');
    const loads = FUNCTION_KEYS.map((key) => median(loadOnly[key]!));
    console.log(`load only (after; node + require(index.js), no invocation): ${Math.min(...loads).toFixed(0)}-${Math.max(...loads).toFixed(0)} ms, ${(Math.min(...loads) / bareMs).toFixed(2)}-${(Math.max(...loads) / bareMs).toFixed(2)}x bare`);
    console.log(`first localeCompare (ICU collation, the official signer's header sort): +${(median(parts.collation) - bareMs).toFixed(0)} ms over bare`);
    console.log(`https + tls after http (skippable only on an http endpoint): +${(median(parts.httpsTls) - median(parts.http)).toFixed(0)} ms`);
    const worstSize = Math.max(...FUNCTION_KEYS.map((k) => sizes.after[k]!));
    const worstRatio = Math.max(...FUNCTION_KEYS.map((k) => wall('after', k) / bareMs));
    console.log('');
    console.log(`after: largest bundle ${(worstSize / KB).toFixed(0)} KB (goal <= 400 KB), slowest cold start ${worstRatio.toFixed(2)}x bare node (goal <= 2x)`);
  } finally {
    await env.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
