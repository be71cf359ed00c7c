/**
 * Part 2 of the renewal benchmark: peak RSS of a child process planning a large synthetic fleet (a dry-run sweep
 * whose real KmsClient reads resource_instances pages answered by an in-process adapter).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { HuaweiKeyService } from '../../lib/huawei/HuaweiKeyService.js';
import { HuaweiSecretStore } from '../../lib/huawei/HuaweiSecretStore.js';
import { createHuaweiClients } from '../../lib/huawei/index.js';
import type { HttpAdapterRequest, HttpAdapterResponse } from '../../lib/huawei/index.js';
import { Logger } from '../../lib/log/Logger.js';
import { parseRenewalOptions } from '../../lib/renewal/options.js';
import { runSweep } from '../../lib/renewal/runSweep.js';

const PLAN_KEYS = 10_000;
const MB = 1024 * 1024;

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
async function bundleForChild(entry: string): Promise<string | undefined> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return undefined;
  }
  const outfile = join(mkdtempSync(join(tmpdir(), 'byok-bench-')), 'plan-rss.mjs');
  await esbuild.build({
    entryPoints: [entry],
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
async function planChild(entry: string, bundle: string | undefined, nodeFlags: string[]): Promise<Record<string, number>> {
  const args = bundle === undefined ? ['--import', 'tsx', entry] : [bundle];
  const child = spawn(process.execPath, [...nodeFlags, ...args, '--plan-rss-child'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('close', done));
  if (code !== 0) throw new Error(`plan child (${nodeFlags.join(' ') || 'no flags'}) exited ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
}

async function planRss(entry: string): Promise<void> {
  const bundle = await bundleForChild(entry);
  const how = bundle === undefined ? 'under tsx (esbuild not found)' : 'esbuild bundle on plain node';
  try {
    for (const flags of [[], SMALL_HEAP_FLAGS]) {
      const m = await planChild(entry, bundle, flags);
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


export { PLAN_KEYS, planRss, planRssChild };
