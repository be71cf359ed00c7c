/**
 * Part 2 of the renewal benchmark: memory against the fleet's size. The deployed `renew-expiring` bundle (the
 * plugin's esbuild bundle, zipped, deployed onto the embedded cloud's FunctionGraph, which runs it in a child Node
 * process with the DEFAULT heap and reports its peak RSS) sweeps a fleet of 10,000, 30,000 and 100,000 managed keys,
 * twice per size: a dry run, and a sweep with nothing due (it reads and plans every key; `renewal.key` line each).
 * The keys are written straight into the emulator's store (test/renewal/fixtures/seedFleet.ts): onboarding through
 * the API costs ~65 ms a key here, hours for 100,000.
 *
 * With `--cgroup` (root, a memory cgroup controller mounted) the function runs inside a 128 MiB memory cgroup, as in
 * a 128 MB FunctionGraph instance: Node then sizes its heap from that limit instead of the host's memory, and the
 * cgroup's own counters say whether the limit was ever reached.
 */
import { randomBytes } from 'node:crypto';
import { createCsmsService } from '../../emulator/csms/index.js';
import { createFgsService } from '../../emulator/fgs/index.js';
import { createKmsService } from '../../emulator/kms/index.js';
import { makeMemoryCgroup } from '../../test/helpers/cgroup.js';
import { functionLog } from '../../test/helpers/fgs.js';
import { startStageEnv } from '../../test/helpers/stageEnv.js';
import { deployRenewal } from '../../test/renewal/fixtures/deployedRenewal.js';
import { seedFleet } from '../../test/renewal/fixtures/seedFleet.js';

const SIZES = [10_000, 30_000, 100_000];
const DAY_MS = 86_400_000;

/** One invocation's figures. */
interface MemoryRun {
  keys: number;
  mode: string;
  peakMb: number;
  seconds: number;
  scanned: number;
}

const LIMIT_BYTES = 128 * 1024 * 1024;

async function memoryPart(sizes: number[] = SIZES, options: { cgroup?: boolean } = {}): Promise<void> {
  const cgroup = options.cgroup === true ? makeMemoryCgroup('byok-fgs-128', LIMIT_BYTES) : undefined;
  if (options.cgroup === true && cgroup === undefined) throw new Error('--cgroup needs root and a mounted memory cgroup controller');
  if (cgroup !== undefined) {
    process.env['BYOK_EMULATOR_FGS_CGROUP'] = cgroup.folder;
    console.log(`the function runs in the memory cgroup ${cgroup.folder} (limit 128 MiB)`);
  }
  const env = await startStageEnv({
    emulator: { clock: 'real', services: [() => createKmsService({ customKeysPerProject: 200_000 }), createCsmsService, createFgsService] },
  });
  try {
    const material = randomBytes(32);
    const versionId = await env.createSecret('fleet-material', { secretBinary: material.toString('base64') });
    const renewal = await deployRenewal(env.emu, { timeoutSeconds: 900, memoryMb: 128, userData: { BYOK_LOG_LEVEL: 'info' } });
    const runs: MemoryRun[] = [];
    let seeded = 0;
    for (const size of sizes) {
      const seedStart = performance.now();
      seedFleet(env.emu.dataFile, {
        count: size - seeded,
        projectId: env.emu.projectId,
        domainId: env.emu.domainId,
        region: env.emu.region,
        secret: { name: 'fleet-material', versionId, material },
        ttl: '30d',
        prefix: `fleet${seeded}`,
        nowMs: env.emu.now().getTime(),
        expiresMs: () => env.emu.now().getTime() + 20 * DAY_MS,
      });
      console.log(`seeded ${size - seeded} keys straight into the store in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
      seeded = size;
      for (const mode of ['dry run', 'sweep, nothing due']) {
        const requestId = await renewal.invokeAsync({ dry_run: mode === 'dry run', rps: { kms_tag: 200, kms_key: 200 } });
        for (;;) {
          const drained = await env.emu.request('POST', '/_emulator/fgs/drain', { timeout_seconds: 600 });
          if (drained.status === 200) break;
        }
        const run = (await renewal.runs()).find((r) => r.request_id === requestId) as Record<string, any> | undefined;
        if (run?.['state'] !== 'succeeded') throw new Error(`the ${mode} of ${size} keys did not succeed: ${JSON.stringify(run?.['error'])}`);
        const tail = await functionLog(env.emu, 'renew-expiring', `&request_id=${requestId}&tail=20`);
        const summary = tail.map((line) => line.slice(line.indexOf('{'))).filter((t) => t.includes('"renewal.summary"')).map((t) => JSON.parse(t) as Record<string, number>)[0];
        runs.push({ keys: size, mode, peakMb: Number(run['max_rss_kb']) / 1024, seconds: Number(run['duration_ms']) / 1000, scanned: summary?.['scanned'] ?? -1 });
        const last = runs.at(-1)!;
        console.log(`${size} keys, ${mode}: peak RSS ${last.peakMb.toFixed(1)} MB, ${last.seconds.toFixed(1)} s, scanned ${last.scanned}${cgroup ? `; ${cgroup.hits()}` : ''}`);
      }
    }
    console.log('| managed keys | run | scanned | peak RSS MB (goal < 128) | growth vs the first size | duration s |');
    console.log('|---|---|---|---|---|---|');
    for (const r of runs) {
      const base = runs.find((b) => b.keys === sizes[0] && b.mode === r.mode)!;
      console.log(`| ${r.keys} | ${r.mode} | ${r.scanned} | ${r.peakMb.toFixed(1)} | ${(((r.peakMb - base.peakMb) / base.peakMb) * 100).toFixed(1)} % (goal < 10 %) | ${r.seconds.toFixed(1)} |`);
    }
  } finally {
    await env.close();
    delete process.env['BYOK_EMULATOR_FGS_CGROUP'];
  }
}

export { memoryPart };
