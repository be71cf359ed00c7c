/**
 * Runs packaged function bundles as FunctionGraph would, each in a fresh plain `node` process
 * (deploy/runBundle.cjs), against an embedded cloud, and follows the stage chain through the emulator's record
 * of asynchronous invocations. Shared by the package tests and bench/bundles.ts.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemporaryTestCredential, TestEmulator } from '../helpers/emulator.js';
import { REPO_DIR } from './plugin.js';

/** The five functions the stages dispatch to (lib/ports StageName) and their user-data variables. */
const STAGE_KEYS = ['create-key', 'fetch-parameters', 'wrap-material', 'import-material', 'on-event'] as const;

interface BundleRun {
  /** What the handler answered. */
  result: Record<string, unknown>;
  /** Wall time from spawning `node` to its exit. */
  ms: number;
  /** Measured inside the child: Node's start until runBundle ran, requiring the bundle, the invocation. */
  timing: { start_ms: number; load_ms: number; invoke_ms: number };
  /** What the function logged (its JSON lines go to stdout, as FunctionGraph ships them). */
  logs: string;
  stderr: string;
}

interface Invocation {
  seq: number;
  function_urn: string;
  body: Record<string, unknown>;
}

/** Writes a bundle as FunctionGraph unpacks it: `index.js` plus the `package.json` that makes it CommonJS. */
function writeBundleDir(dir: string, code: Uint8Array): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.js'), code);
  writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}\n');
  return dir;
}

/** `urn:fss:<region>:<project>:function:default:<prefix><key>:latest`. */
function functionUrn(emu: TestEmulator, name: string): string {
  return `urn:fss:${emu.region}:${emu.projectId}:function:default:${name}:latest`;
}

/**
 * User data of a function deployed against `emu`: endpoints, region, quiet logs and, with `urnPrefix`, every
 * stage's URN so that stages hand on by asynchronous invocation (recorded by the emulator, not run).
 */
function userDataFor(emu: TestEmulator, urnPrefix?: string): Record<string, string> {
  const data: Record<string, string> = {
    BYOK_REGION: emu.region,
    BYOK_KMS_ENDPOINT: emu.endpoint,
    BYOK_FGS_ENDPOINT: emu.endpoint,
    BYOK_LOG_LEVEL: 'error',
  };
  if (urnPrefix !== undefined) {
    for (const key of STAGE_KEYS) data[`BYOK_FN_URN_${key.toUpperCase().replace(/-/g, '_')}`] = functionUrn(emu, `${urnPrefix}${key}`);
  }
  return data;
}

/** Runs `dir/index.js`'s handler once in a fresh `node` (no tsx), with FunctionGraph-like context and user data. */
async function runBundle(
  dir: string,
  input: { event: unknown; credentials: TemporaryTestCredential; projectId: string; userData: Record<string, string> },
): Promise<BundleRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(REPO_DIR, 'deploy', 'runBundle.cjs'), dir], {
    stdio: ['pipe', 'pipe', 'pipe'],
    // Nothing from this process's environment (vitest, tsx hooks, NODE_OPTIONS) reaches the bundle.
    env: { PATH: process.env['PATH'] ?? '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(JSON.stringify({ ...input, timeoutMs: 60_000 }));
  const code = await new Promise<number | null>((done) => child.once('close', done));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`bundle in ${dir} exited ${code}: ${stderr.slice(0, 500)}`);
  // runBundle's answer is the last line; the function's own log lines come before it.
  const lines = stdout.trimEnd().split('\n');
  const answer = JSON.parse(lines.pop() ?? '') as Pick<BundleRun, 'result' | 'timing'>;
  return { ...answer, ms, logs: lines.join('\n'), stderr };
}

/** Asynchronous invocations the emulator recorded for `urn` after `afterSeq`, oldest first. */
async function invocationsOf(emu: TestEmulator, urn: string, afterSeq = 0): Promise<Invocation[]> {
  const res = await emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(urn)}&after_seq=${afterSeq}`);
  if (res.status !== 200) throw new Error(`listing invocations failed: HTTP ${res.status}`);
  return (res.body as { invocations: Invocation[] }).invocations;
}

/** The newest recorded invocation of `urn`; throws when none. */
async function lastInvocation(emu: TestEmulator, urn: string): Promise<Invocation> {
  const all = await invocationsOf(emu, urn);
  const last = all.at(-1);
  if (last === undefined) throw new Error(`no asynchronous invocation of ${urn} was recorded`);
  return last;
}

export { STAGE_KEYS, functionUrn, invocationsOf, lastInvocation, runBundle, userDataFor, writeBundleDir };
export type { BundleRun, Invocation };
