/**
 * Renewal benchmark (not a test): `node --import tsx bench/renewal.ts`. Prints plain `name: value` lines.
 *
 *  1. Rate: the embedded cloud limits the kms-import group to R requests/s (burst R); a sweep (mode in-place,
 *     default concurrency, real waits) over KEYS due keys with the client-side kms_import rps = R; then a bit
 *     under R; then R with the Huawei client's own retries off (its 429 retries bypass the sweep's token bucket).
 *     Each in a fresh process. Achieved import-group rate / R, and throttling: 429 answers counted
 *     at the emulator, and those that got past the Huawei client's retries.
 *  2. Remote calls per renewed key in that sweep, counted where they arrive (Node's `http.server.request.start`
 *     diagnostics channel on the emulator's server; the control surface excluded), with and without list pages.
 *  3. Peak RSS of a child process planning PLAN_KEYS managed keys: a dry-run sweep whose Huawei client (the real
 *     KmsClient, mappers and plan) reads resource_instances pages answered by an in-process adapter. Run twice:
 *     with V8's default heap sizing (which grows lazily on a large host) and with a heap sized for 128 MB.
 *
 * The emulator hands out copies of a few pre-generated wrapping keys (test/renewal/fixtures/reusedWrappingKeys.ts):
 * a fresh RSA-2048 pair costs ~190 ms here, which would cap the emulator near 5 get-parameters/s and measure key
 * generation instead of the sweep.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SecretValue } from '../lib/domain/SecretValue.js';
import { HuaweiKeyService } from '../lib/huawei/HuaweiKeyService.js';
import { HuaweiSecretStore } from '../lib/huawei/HuaweiSecretStore.js';
import { createHuaweiClients } from '../lib/huawei/index.js';
import type { HttpAdapterRequest, HttpAdapterResponse } from '../lib/huawei/index.js';
import { Logger } from '../lib/log/Logger.js';
import { StageName } from '../lib/ports/index.js';
import { AliasSweepLock } from '../lib/huawei/AliasSweepLock.js';
import { parseRenewalOptions } from '../lib/renewal/options.js';
import { runSweep } from '../lib/renewal/runSweep.js';

const R = 20;
/** "A bit under R": the client's slots are its send times, the gateway counts arrival times. */
const CLIENT_RPS_UNDER_R = 19;
const KEYS = 1_000;
const ONBOARD_CONCURRENCY = 8;
const KEYS_PER_SECRET = 10;
const PLAN_KEYS = 10_000;
const MB = 1024 * 1024;
const IMPORT_GROUP = /\/kms\/(get-parameters-for-import|import-key-material|delete-imported-key-material)$/;
const OTHER_RPS = 1_000;

/** Requests arriving at this process's HTTP servers (the emulator's), by operation, with import-group times. */
function watchRequests(): { byOperation: Map<string, number>; importTimesMs: number[]; throttled: () => number; reset: () => void } {
  const byOperation = new Map<string, number>();
  const importTimesMs: number[] = [];
  let throttled = 0;
  const pathOf = (req: IncomingMessage): string => (req.url ?? '').split('?')[0] ?? '';
  subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    const path = pathOf(request);
    if (path.startsWith('/_emulator/')) return;
    const operation = `${request.method} ${path.replace(/^\/v1(\.0)?\/[0-9a-f]{32}/, '').replace(/\/secrets\/[^/]+\/versions\/[^/]+/, '/secrets/{name}/versions/{id}')}`;
    byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1);
    if (IMPORT_GROUP.test(path)) importTimesMs.push(performance.now());
  });
  subscribe('http.server.response.finish', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    if (response.statusCode === 429 && IMPORT_GROUP.test(pathOf(request))) throttled += 1;
  });
  return {
    byOperation,
    importTimesMs,
    throttled: () => throttled,
    reset: () => {
      byOperation.clear();
      importTimesMs.length = 0;
      throttled = 0;
    },
  };
}

type BenchEnv = Awaited<ReturnType<typeof import('../test/renewal/renewalEnv.js')['startRenewalEnv']>>;
type Requests = ReturnType<typeof watchRequests>;

/** KEYS managed keys, 3-day ttl. CSMS allows 500 secrets per project: KEYS_PER_SECRET keys share each secret. */
async function onboardFleet(env: BenchEnv, quiet: boolean): Promise<void> {
  const startedMs = performance.now();
  const secrets = KEYS / KEYS_PER_SECRET;
  for (let s = 0; s < secrets; s++) await env.createSecret(`bench-secret-${s}`, { secretBinary: randomBytes(32).toString('base64') });
  let next = 0;
  const onboarder = async (): Promise<void> => {
    for (let i = next++; i < KEYS; i = next++) {
      const result = await env.dispatcher.runChain(StageName.CreateKey, { alias: `bench-${i}`, secret: { name: `bench-secret-${i % secrets}` }, ttl: '3d' });
      if (!result.ok) throw new Error(`onboarding failed: ${result.error.code} ${result.error.message}`);
    }
  };
  await Promise.all(Array.from({ length: ONBOARD_CONCURRENCY }, onboarder));
  if (!quiet) console.log(`onboarding ${KEYS} keys (create-key chain, ${ONBOARD_CONCURRENCY} at a time; ${KEYS_PER_SECRET} keys per secret, each key still reads it) s: ${((performance.now() - startedMs) / 1000).toFixed(1)}`);
}

/** One sweep configuration: the client-side import-group rate, and whether the Huawei client retries on its own. */
interface SweepSetup {
  clientRps: number;
  transportRetries: boolean;
}

/** One sweep over the (due) fleet; prints its figures. */
async function measureSweep(env: BenchEnv, requests: Requests, setup: SweepSetup): Promise<void> {
  const { clientRps } = setup;
  // The sweep's own clients: the Huawei client's real backoff (the test env retries without waiting), or none.
  const retry = setup.transportRetries ? {} : { retry: { maxAttempts: 1 } };
  const { kms, csms } = createHuaweiClients({ config: env.config, now: () => env.emu.now(), ...retry });
  const keys = new HuaweiKeyService(kms);
  const target = { region: env.emu.region, keys, secrets: new HuaweiSecretStore(csms), lock: new AliasSweepLock(kms.aliases, kms) };
  const options = parseRenewalOptions({ mode: 'in-place', rps: { kms_import: clientRps, kms_key: OTHER_RPS, kms_crypto: OTHER_RPS, kms_tag: OTHER_RPS, csms: OTHER_RPS } });
  let logLines = 0;
  const logger = new Logger({ level: 'info', write: () => void (logLines += 1), fields: { fn: 'bench' } });
  requests.reset();
  const { summary } = await runSweep(options, { targets: [target], clock: env.clock, logger });

  const importCalls = requests.importTimesMs.length;
  const firstToLastS = ((requests.importTimesMs.at(-1) ?? 0) - (requests.importTimesMs[0] ?? 0)) / 1000;
  const overSweep = importCalls / (summary.duration_ms / 1000);
  const acceptedOverSweep = (importCalls - requests.throttled()) / (summary.duration_ms / 1000);
  const overSpan = (importCalls - 1) / firstToLastS;
  const all = [...requests.byOperation.values()].reduce((a, b) => a + b, 0);
  const listPages = requests.byOperation.get('POST /kms/resource_instances/action') ?? 0;
  const renewed = summary.renewed;
  const p = `client kms_import rps ${clientRps}${setup.transportRetries ? '' : ', Huawei client retries off'}:`;
  console.log(`${p} sweep: ${summary.scanned} scanned, ${renewed} renewed, ${summary.failed} failed, ${summary.deferred} deferred in ${(summary.duration_ms / 1000).toFixed(1)} s (concurrency ${options.concurrency}, ${logLines} log lines)`);
  console.log(`${p} import-group requests at the emulator: ${importCalls}`);
  console.log(`${p} achieved import-group rate (accepted requests) over the whole sweep / R: ${(acceptedOverSweep / R).toFixed(3)} (${acceptedOverSweep.toFixed(2)} rps; goal >= 0.9)`);
  console.log(`${p} import-group request arrivals (429s included) over the whole sweep / R: ${(overSweep / R).toFixed(3)}; first to last arrival / R: ${(overSpan / R).toFixed(3)}`);
  console.log(`${p} throttled (429) import-group answers at the emulator: ${requests.throttled()} (goal 0)`);
  console.log(`${p} throttling errors past the client's retries (summary.throttled): ${summary.throttled}; failed keys: ${summary.failed}`);
  console.log(`${p} remote calls per renewed key, without list pages: ${((all - listPages) / renewed).toFixed(4)} (floor 3, goal <= 3.01)`);
  console.log(`${p} remote calls per renewed key, with list pages: ${(all / renewed).toFixed(4)} (list pages: ${listPages})`);
  console.log(`${p} remote calls by operation: ${[...requests.byOperation].map(([op, n]) => `${op}=${n}`).join(', ')}`);
}

/**
 * Child side of parts 1 and 2: a fresh process per setup, since each sweep leaves state behind in the process
 * (lib/dispatch/InProcessDispatcher: one AsyncLocalStorage per key chain, never disabled, which slows every later
 * async call), and a second sweep in the same process would measure that instead of the rate.
 */
async function rateChild(setup: SweepSetup, quiet: boolean): Promise<void> {
  // Imported here so the plan child's bundle never loads the emulator (nor its native SQLite).
  const { startRenewalEnv } = await import('../test/renewal/renewalEnv.js');
  const { servicesWithReusedWrappingKeys } = await import('../test/renewal/fixtures/reusedWrappingKeys.js');
  const env = await startRenewalEnv({ emulator: { clock: 'virtual', services: servicesWithReusedWrappingKeys(4, { customKeysPerProject: KEYS + 10 }) } });
  try {
    await onboardFleet(env, quiet);
    await env.advanceDays(2.5);
    const limits = await env.emu.request('POST', '/_emulator/limits', { 'kms-import': { rps: R, burst: R } });
    if (limits.status !== 200) throw new Error(`limits refused: ${JSON.stringify(limits.body)}`);
    await measureSweep(env, watchRequests(), setup);
  } finally {
    await env.close();
  }
}

/** Parts 1 and 2: R, a bit under R, and R without the Huawei client's own retries (which bypass the sweep's token
 * bucket on 429), each in its own process. */
async function rateAndCalls(): Promise<void> {
  console.log(`emulator limit kms-import: ${R} rps, burst ${R}; the sweep's token bucket bursts one second's worth too`);
  const setups: SweepSetup[] = [
    { clientRps: R, transportRetries: true },
    { clientRps: CLIENT_RPS_UNDER_R, transportRetries: true },
    { clientRps: R, transportRetries: false },
  ];
  for (const [i, setup] of setups.entries()) {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), `--rate-child=${setup.clientRps}:${setup.transportRetries ? 1 : 0}:${i}`];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    const code = await new Promise<number | null>((done) => child.once('close', done));
    if (code !== 0) throw new Error(`rate child exited ${code}`);
  }
}

/** A managed key `i` of the synthetic fleet, as resource_instances renders it (every value a string). */
function syntheticResource(i: number, nowMs: number): Record<string, unknown> {
  const keyId = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
  const ttlDays = [7, 30, 90, 365][i % 4] as number;
  const state = i % 50 === 0 ? '5' : i % 97 === 0 ? '3' : '2';
  const expiresMs = state === '5' ? null : nowMs + ((i * 7919) % (ttlDays * 24)) * 3_600_000;
  return {
    resource_id: keyId,
    resource_name: `app-${i}`,
    resource_detail: {
      key_id: keyId, domain_id: '0'.repeat(32), key_alias: `app-${i}`, realm: 'cn-north-4', key_spec: 'AES_256', key_usage: 'ENCRYPT_DECRYPT',
      key_description: '', creation_date: String(nowMs - 86_400_000), scheduled_deletion_date: '', key_state: state, default_key_flag: '0',
      key_type: '1', expiration_time: expiresMs === null ? '' : String(expiresMs), origin: 'external', key_rotation_enabled: 'false',
      sys_enterprise_project_id: '0', keystore_id: '0',
    },
    tags: [
      { key: 'byok:managed', value: 'true' },
      { key: 'byok:secret', value: `app-${i}-material` },
      { key: 'byok:version', value: 'v1' },
      { key: 'byok:ttl', value: `${ttlDays}d` },
      { key: 'byok:alias', value: `app-${i}` },
      { key: 'byok:fp', value: `fp1-${(i * 2654435761).toString(16).padStart(32, '0').slice(-32)}` },
    ],
  };
}

/** Child side of part 3: a dry-run sweep over PLAN_KEYS synthetic keys; prints one JSON line of memory figures. */
async function planRssChild(): Promise<void> {
  const now = new Date();
  const adapter = async (request: HttpAdapterRequest): Promise<HttpAdapterResponse> => {
    if (!String(request.url).endsWith('/resource_instances/action')) return { status: 404, headers: {}, data: '{"error_code":"APIG.0101","error_msg":"not here"}' };
    const body = JSON.parse(String(request.data)) as { limit: string; offset: string };
    const offset = Number(body.offset);
    const count = Math.max(0, Math.min(Number(body.limit), PLAN_KEYS - offset));
    const resources = Array.from({ length: count }, (_, k) => syntheticResource(offset + k, now.getTime()));
    return { status: 200, headers: { 'content-type': 'application/json' }, data: JSON.stringify({ resources, total_count: PLAN_KEYS }) };
  };
  const config = { ak: 'BENCHAK', sk: new SecretValue('bench-sk'), projectId: '0'.repeat(32), region: 'cn-north-4', endpoint: 'https://kms.cn-north-4.myhuaweicloud.com' };
  const { kms, csms } = createHuaweiClients({ config, adapter });
  let logBytes = 0;
  const logger = new Logger({ level: 'info', write: (line) => void (logBytes += line.length + 1), fields: { fn: 'renew-expiring' } });
  const rssBeforeMb = process.memoryUsage().rss / MB;
  const peakBeforeMb = process.resourceUsage().maxRSS / 1024;
  const startedMs = performance.now();
  const { summary } = await runSweep(parseRenewalOptions({ dry_run: true }), {
    targets: [{ keys: new HuaweiKeyService(kms), secrets: new HuaweiSecretStore(csms) }],
    clock: { now: () => now },
    logger,
  });
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ scanned: summary.scanned, due: summary.due, rssBeforeMb, peakBeforeMb, peakMb, logBytes, durationMs: performance.now() - startedMs }));
}

/**
 * This file bundled (esbuild, as a deploy bundle would be) without the parent-only test/ imports, so the child runs
 * on plain Node like a FunctionGraph function, not under tsx (~30 MB more). `undefined` when esbuild is missing.
 */
async function bundleForChild(): Promise<string | undefined> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return undefined;
  }
  const outfile = join(mkdtempSync(join(tmpdir(), 'byok-bench-')), 'plan-rss.mjs');
  await esbuild.build({
    entryPoints: [fileURLToPath(import.meta.url)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    // CommonJS dependencies (the Huawei SDK, axios, log4js) call require().
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [{ name: 'parent-only', setup: (b) => void b.onResolve({ filter: /\/test\// }, (args) => ({ path: args.path, external: true })) }],
  });
  return outfile;
}

/** Node flags that size the heap for FunctionGraph's 128 MB memory (e.g. through NODE_OPTIONS). */
const SMALL_HEAP_FLAGS = ['--max-semi-space-size=1', '--max-old-space-size=64'];

/** Runs the plan child (bundled if possible) with `nodeFlags`; answers its memory figures. */
async function planChild(bundle: string | undefined, nodeFlags: string[]): Promise<Record<string, number>> {
  const args = bundle === undefined ? ['--import', 'tsx', fileURLToPath(import.meta.url)] : [bundle];
  const child = spawn(process.execPath, [...nodeFlags, ...args, '--plan-rss-child'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('close', done));
  if (code !== 0) throw new Error(`plan child (${nodeFlags.join(' ') || 'no flags'}) exited ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
}

async function planRss(): Promise<void> {
  const bundle = await bundleForChild();
  const how = bundle === undefined ? 'under tsx (esbuild not found)' : 'esbuild bundle on plain node';
  try {
    for (const flags of [[], SMALL_HEAP_FLAGS]) {
      const m = await planChild(bundle, flags);
      const label = flags.length === 0 ? 'default heap' : flags.join(' ');
      if (flags.length === 0) {
        console.log(`plan (dry-run sweep) of ${m['scanned']} managed keys: ${m['due']} due, ${((m['durationMs'] ?? 0) / 1000).toFixed(1)} s, ${((m['logBytes'] ?? 0) / MB).toFixed(1)} MB of log lines; child process, ${how}`);
        console.log(`RSS before planning MB: ${m['rssBeforeMb']?.toFixed(1)} (node and the modules)`);
      }
      console.log(`peak RSS while planning ${PLAN_KEYS} managed keys MB, ${label}: ${m['peakMb']?.toFixed(1)} (goal < 128)`);
    }
  } finally {
    if (bundle !== undefined) rmSync(dirname(bundle), { recursive: true, force: true });
  }
}

const rateChildArg = process.argv.find((a) => a.startsWith('--rate-child='));
if (process.argv.includes('--plan-rss-child')) {
  await planRssChild();
} else if (rateChildArg !== undefined) {
  const [rps, retries, index] = rateChildArg.slice('--rate-child='.length).split(':');
  await rateChild({ clientRps: Number(rps), transportRetries: retries === '1' }, index !== '0');
} else {
  // `--plan-only`: part 3 alone.
  const planOnly = process.argv.includes('--plan-only');
  console.log(`renewal benchmark: ${planOnly ? '' : `${KEYS} due keys at R = ${R} import-group requests/s; `}plan of ${PLAN_KEYS} keys`);
  if (!planOnly) await rateAndCalls();
  await planRss();
}
