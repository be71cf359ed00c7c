/**
 * Part 3 of the renewal benchmark: how long a delete-first renewal leaves a key without material. The embedded cloud
 * (real clock, so its key history has real milliseconds) adds 50 ms of latency to every call; KEYS due keys (seeded
 * straight into the store, expiring in 10 minutes with a 1-hour ttl) are renewed delete-first, with the import
 * parameters fetched before the delete (`import_parameters_enabled_key` allow) and after it (reject). Reported per
 * key: the gap the sweep measures (delete sent → import answered: `gap_ms`), the outage the cloud saw (its history:
 * material deleted → imported) and, for scale, one import call's latency. The emulator hands out copies of a few
 * pre-generated wrapping keys (test/renewal/fixtures/reusedWrappingKeys.ts), as the rate part does.
 */
import { randomBytes } from 'node:crypto';
import { Logger } from '../../lib/log/Logger.js';
import { parseRenewalOptions } from '../../lib/renewal/options.js';
import { runSweep } from '../../lib/renewal/runSweep.js';
import { interceptPort } from '../../test/helpers/interceptPort.js';
import { startStageEnv } from '../../test/helpers/stageEnv.js';
import { servicesWithReusedWrappingKeys } from '../../test/renewal/fixtures/reusedWrappingKeys.js';
import { seedFleet } from '../../test/renewal/fixtures/seedFleet.js';

const KEYS = 40;
const LATENCY_MS = 50;

const p50 = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? Number.NaN;
const max = (values: number[]): number => values.reduce((a, b) => Math.max(a, b), 0);

/** One setting's figures. */
interface GapRun {
  parameters: 'allow' | 'reject';
  renewed: number;
  gapP50: number;
  gapMax: number;
  outageP50: number;
  outageMax: number;
  importP50: number;
}

async function gapRun(parameters: 'allow' | 'reject'): Promise<GapRun> {
  // Copies of pre-generated wrapping keys: a fresh RSA pair costs ~190 ms here, which would be measured as gap.
  const env = await startStageEnv({ emulator: { clock: 'real', services: servicesWithReusedWrappingKeys(4) } });
  try {
    await env.emu.setConfig({ reimport_enabled_key: 'reject', import_parameters_enabled_key: parameters });
    const material = randomBytes(32);
    const versionId = await env.createSecret('gap-material', { secretBinary: material.toString('base64') });
    const nowMs = env.emu.now().getTime();
    const ids = seedFleet(env.emu.dataFile, {
      count: KEYS,
      projectId: env.emu.projectId,
      domainId: env.emu.domainId,
      region: env.emu.region,
      secret: { name: 'gap-material', versionId, material },
      ttl: '1h',
      prefix: 'gap',
      nowMs,
      expiresMs: () => nowMs + 600_000,
    });
    await env.emu.request('POST', '/_emulator/faults', { latency_ms: LATENCY_MS, latency_rate: 1 });
    const importMs: number[] = [];
    const keys = interceptPort(env.keys, {
      overrides: {
        importKeyMaterial: async (input: Parameters<typeof env.keys.importKeyMaterial>[0]) => {
          const startedMs = performance.now();
          await env.keys.importKeyMaterial(input);
          importMs.push(performance.now() - startedMs);
        },
      },
    });
    const logger = new Logger({ level: 'error', write: () => {}, fields: { fn: 'bench' } });
    const { summary, keys: reports } = await runSweep(parseRenewalOptions({ mode: 'delete-first', rps: 1000, lock: false }), {
      targets: [{ region: env.emu.region, keys, secrets: env.secrets }],
      clock: env.clock,
      logger,
    });
    const outages: number[] = [];
    for (const id of ids) {
      const history = (await env.emu.request('GET', `/_emulator/keys/${id}/history`)).body.history as { at: string; reason: string }[];
      const deleted = history.findLast((h) => h.reason === 'material_deleted');
      const imported = history.findLast((h) => h.reason === 'imported');
      if (deleted !== undefined && imported !== undefined) outages.push(Date.parse(imported.at) - Date.parse(deleted.at));
    }
    const gaps = reports.map((r) => r.gap_ms).filter((g): g is number => g !== undefined);
    if (summary.max_gap_ms !== max(gaps)) throw new Error('the summary disagrees with the key reports');
    return { parameters, renewed: summary.renewed, gapP50: p50(gaps), gapMax: max(gaps), outageP50: p50(outages), outageMax: max(outages), importP50: p50(importMs) };
  } finally {
    await env.close();
  }
}

async function gapPart(): Promise<void> {
  console.log(`gap: ${KEYS} due keys renewed delete-first, ${LATENCY_MS} ms of injected latency on every call`);
  const runs = [await gapRun('allow'), await gapRun('reject')];
  console.log('| parameters for an enabled key | renewed | gap the sweep measures (delete sent → import answered) p50 / max ms | outage the cloud saw (deleted → imported) p50 / max ms | one import call p50 ms |');
  console.log('|---|---|---|---|---|');
  for (const r of runs) {
    const when = r.parameters === 'allow' ? 'given (fetched before the delete)' : 'refused (fetched after the delete)';
    console.log(`| ${when} | ${r.renewed} | ${r.gapP50.toFixed(0)} / ${r.gapMax.toFixed(0)} | ${r.outageP50.toFixed(0)} / ${r.outageMax.toFixed(0)} | ${r.importP50.toFixed(0)} |`);
  }
}

export { gapPart };
