/**
 * Emulator benchmark (not a test): `node --import tsx bench/emulator.ts`.
 *
 *  - describe-key: requests per second over keep-alive HTTP, 8 concurrent callers, for about 3 s. Requests are
 *    signed with the official SDK signer in a worker thread, so the client does not share the emulator's
 *    event loop (on a 2-core machine they still share the CPU).
 *  - get-parameters-for-import: p50 latency with the wrapping-key pool warm (a pooled key is ready before each
 *    call) versus cold (pool size 0: every call generates its RSA-2048 key), and the cold/warm ratio.
 *
 * Prints plain `name: value` lines.
 */
import { Agent } from 'node:http';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startEmulator } from '../emulator/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { createCsmsService } from '../emulator/csms/index.js';
import { createKmsService } from '../emulator/kms/index.js';
import type { KmsService, KmsServiceOptions } from '../emulator/kms/index.js';
import { signedRequest } from '../test/helpers/emulator.js';
import type { SigningTarget } from '../test/helpers/emulator.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DESCRIBE_SECONDS = 3;
const DESCRIBE_CONCURRENCY = 8;
const IMPORT_SAMPLES = 15;

interface BenchEmulator {
  emulator: RunningEmulator;
  kms: KmsService;
  target: SigningTarget;
  close(): Promise<void>;
}

async function startBenchEmulator(kmsOptions: KmsServiceOptions): Promise<BenchEmulator> {
  const dir = mkdtempSync(join(tmpdir(), 'byok-bench-'));
  let kms: KmsService | undefined;
  const emulator = await startEmulator({
    dataFile: join(dir, 'emulator.db'),
    services: [() => (kms = createKmsService(kmsOptions)), createCsmsService],
  });
  const agent = new Agent({ keepAlive: true, maxSockets: DESCRIBE_CONCURRENCY });
  const target: SigningTarget = {
    endpoint: emulator.endpoint,
    projectId: emulator.project_id,
    ak: emulator.ak,
    sk: emulator.sk,
    now: () => emulator.now(),
    agent,
  };
  return {
    emulator,
    kms: kms!,
    target,
    close: async () => {
      agent.destroy();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function call(target: SigningTarget, operation: string, body: Record<string, unknown>): Promise<any> {
  const res = await signedRequest(target, 'POST', `/v1.0/{project_id}/kms/${operation}`, body);
  if (res.status !== 200) throw new Error(`${operation}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

interface DescribeJob {
  endpoint: string;
  projectId: string;
  ak: string;
  sk: string;
  keyId: string;
}

/** Worker side: warm up, then describe-key from 8 callers for the measured seconds; posts requests per second. */
async function describeKeyClient(job: DescribeJob): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: DESCRIBE_CONCURRENCY });
  const target: SigningTarget = { endpoint: job.endpoint, projectId: job.projectId, ak: job.ak, sk: job.sk, agent };
  const body = { key_id: job.keyId };
  for (let i = 0; i < 200; i++) await call(target, 'describe-key', body); // warm-up (JIT, sockets)
  let done = 0;
  const endAt = performance.now() + DESCRIBE_SECONDS * 1000;
  const caller = async (): Promise<void> => {
    while (performance.now() < endAt) {
      await call(target, 'describe-key', body);
      done += 1;
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: DESCRIBE_CONCURRENCY }, caller));
  agent.destroy();
  return done / ((performance.now() - startedAt) / 1000);
}

async function describeKeyRate(bench: BenchEmulator): Promise<number> {
  const created = await call(bench.target, 'create-key', { key_alias: 'bench-describe', origin: 'external' });
  const { endpoint, projectId, ak, sk } = bench.target;
  const job: DescribeJob = { endpoint, projectId, ak, sk, keyId: created.key_info.key_id };
  // The worker runs this same file. Node 20 does not pass `--import tsx` on to workers, so a small script
  // registers tsx's loader first (as cli/byok.js does).
  const script = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(script, { eval: true, workerData: job });
  return new Promise((resolve, reject) => {
    worker.once('message', (rate: number) => resolve(rate));
    worker.once('error', reject);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** p50 of get-parameters-for-import; `warmFirst` waits for a pooled key before each call. */
async function importParametersP50(bench: BenchEmulator, warmFirst: boolean): Promise<number> {
  const created = await call(bench.target, 'create-key', { key_alias: `bench-import-${warmFirst}`, origin: 'external' });
  const body = { key_id: created.key_info.key_id, wrapping_algorithm: 'RSAES_OAEP_SHA_256' };
  const samples: number[] = [];
  for (let i = 0; i < IMPORT_SAMPLES; i++) {
    if (warmFirst) await bench.kms.wrappingKeyPool.warm(1);
    const startedAt = performance.now();
    await call(bench.target, 'get-parameters-for-import', body);
    samples.push(performance.now() - startedAt);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const warm = await startBenchEmulator({});
  try {
    const rate = await describeKeyRate(warm);
    console.log(`describe-key requests/s (keep-alive, ${DESCRIBE_CONCURRENCY} concurrent, ${DESCRIBE_SECONDS} s): ${rate.toFixed(0)}`);
    const warmP50 = await importParametersP50(warm, true);
    console.log(`get-parameters-for-import p50 warm pool ms: ${warmP50.toFixed(2)}`);
    const cold = await startBenchEmulator({ wrappingKeyPool: { size: 0 } });
    try {
      const coldP50 = await importParametersP50(cold, false);
      console.log(`get-parameters-for-import p50 cold pool ms: ${coldP50.toFixed(2)}`);
      console.log(`get-parameters-for-import cold/warm p50 ratio: ${(coldP50 / warmP50).toFixed(1)}`);
    } finally {
      await cold.close();
    }
  } finally {
    await warm.close();
  }
}

if (isMainThread) await main();
else parentPort?.postMessage(await describeKeyClient(workerData as DescribeJob));
