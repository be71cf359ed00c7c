/**
 * Part 1 of the renewal benchmark: the adaptive rate against a gateway whose limit it is not told. The embedded
 * cloud limits the kms-import group to R requests/s (burst R, as Huawei's gateway would have some); a sweep
 * (mode in-place, default concurrency, real waits, the Huawei client's own retries on) renews KEYS due keys with
 * its kms_import ceiling at 2R, 10R and 0.5R, each in a fresh process. Reported: the accepted import-group rate
 * over the whole sweep / R, 429s counted at the emulator (and as a share of the import-group requests), the
 * sweep's own `throttled` count, failed keys, and the remote calls per renewed key.
 */
import { spawn } from 'node:child_process';
import { AliasSweepLock } from '../../lib/huawei/AliasSweepLock.js';
import { HuaweiKeyService } from '../../lib/huawei/HuaweiKeyService.js';
import { HuaweiSecretStore } from '../../lib/huawei/HuaweiSecretStore.js';
import { createHuaweiClients } from '../../lib/huawei/index.js';
import { Logger } from '../../lib/log/Logger.js';
import { parseRenewalOptions } from '../../lib/renewal/options.js';
import { runSweep } from '../../lib/renewal/runSweep.js';
import { onboardFleet } from './fleet.js';
import { watchRequests } from './requests.js';

const R = 20;
const KEYS = 1_000;
const OTHER_RPS = 1_000;
const CEILINGS = [2 * R, 10 * R, 0.5 * R];

/** What one child measured. */
interface RateRun {
  ceiling: number;
  onboardS: number;
  durationS: number;
  renewed: number;
  failed: number;
  importRequests: number;
  throttled429: number;
  summaryThrottled: number;
  acceptedPerR: number;
  callsPerKey: number;
  callsPerKeyWithPages: number;
  byOperation: Record<string, number>;
}

/** Child: onboard, make every key due, limit the import group, sweep once; prints one JSON line. */
async function rateChild(ceiling: number): Promise<void> {
  const { startRenewalEnv } = await import('../../test/renewal/renewalEnv.js');
  const { servicesWithReusedWrappingKeys } = await import('../../test/renewal/fixtures/reusedWrappingKeys.js');
  const env = await startRenewalEnv({ emulator: { clock: 'virtual', services: servicesWithReusedWrappingKeys(4, { customKeysPerProject: KEYS + 10 }) } });
  try {
    const onboardS = await onboardFleet(env, KEYS);
    await env.advanceDays(2.5);
    const limits = await env.emu.request('POST', '/_emulator/limits', { 'kms-import': { rps: R, burst: R } });
    if (limits.status !== 200) throw new Error(`limits refused: ${JSON.stringify(limits.body)}`);
    const requests = watchRequests();
    // The sweep's own clients, with the Huawei client's real backoff (the test env's retries do not wait).
    const { kms, csms } = createHuaweiClients({ config: env.config, now: () => env.emu.now() });
    const target = { region: env.emu.region, keys: new HuaweiKeyService(kms), secrets: new HuaweiSecretStore(csms), lock: new AliasSweepLock(kms.aliases, kms) };
    const options = parseRenewalOptions({ mode: 'in-place', rps: { kms_import: ceiling, kms_key: OTHER_RPS, kms_crypto: OTHER_RPS, kms_tag: OTHER_RPS, csms: OTHER_RPS } });
    const logger = new Logger({ level: 'error', write: () => {}, fields: { fn: 'bench' } });
    const { summary } = await runSweep(options, { targets: [target], clock: env.clock, logger });
    const importRequests = requests.importTimesMs.length;
    const all = [...requests.byOperation.values()].reduce((a, b) => a + b, 0);
    const pages = requests.byOperation.get('POST /kms/resource_instances/action') ?? 0;
    const run: RateRun = {
      ceiling,
      onboardS,
      durationS: summary.duration_ms / 1000,
      renewed: summary.renewed,
      failed: summary.failed,
      importRequests,
      throttled429: requests.throttled(),
      summaryThrottled: summary.throttled,
      acceptedPerR: (importRequests - requests.throttled()) / (summary.duration_ms / 1000) / R,
      callsPerKey: (all - pages) / summary.renewed,
      callsPerKeyWithPages: all / summary.renewed,
      byOperation: Object.fromEntries(requests.byOperation),
    };
    console.log(JSON.stringify(run));
  } finally {
    await env.close();
  }
}

/** Parent: one child per ceiling; prints the table. */
async function ratePart(entry: string): Promise<void> {
  console.log(`rate: ${KEYS} due keys, emulator kms-import limit R = ${R} rps (burst ${R}); the sweep is told only its ceiling`);
  const runs: RateRun[] = [];
  for (const ceiling of CEILINGS) {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, `--rate-child=${ceiling}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once('close', done));
    if (code !== 0) throw new Error(`rate child (ceiling ${ceiling}) exited ${code}`);
    runs.push(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as RateRun);
  }
  console.log(`onboarding ${KEYS} keys (create-key chain) s: ${runs.map((r) => r.onboardS.toFixed(1)).join(', ')}`);
  console.log('| ceiling | sweep s | renewed | failed | import-group requests | accepted rate / R (goal >= 0.9; 0.5 at 0.5R) | 429 at the emulator (share; goal <= 2 %, 0 at 0.5R) | summary.throttled | calls per key (floor 3) |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of runs) {
    const share = ((100 * r.throttled429) / r.importRequests).toFixed(2);
    console.log(`| ${r.ceiling / R}R = ${r.ceiling} | ${r.durationS.toFixed(1)} | ${r.renewed} | ${r.failed} | ${r.importRequests} | ${r.acceptedPerR.toFixed(3)} | ${r.throttled429} (${share} %) | ${r.summaryThrottled} | ${r.callsPerKey.toFixed(3)} (${r.callsPerKeyWithPages.toFixed(3)} with list pages) |`);
  }
  console.log(`remote calls by operation (ceiling ${runs[0]?.ceiling}): ${Object.entries(runs[0]?.byOperation ?? {}).map(([op, n]) => `${op}=${n}`).join(', ')}`);
}

export { rateChild, ratePart };
