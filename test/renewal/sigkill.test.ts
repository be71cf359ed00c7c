/**
 * Reliability: a sweep process killed with SIGKILL in the middle, then the next sweep completes and no
 * key is lost. The sweep runs in a child process (fixtures/sweepProcess.ts) against an embedded cloud in this
 * process; it is killed at the worst moment of delete-first — a key's material deleted, its import not sent — once
 * three keys are done, as its stdout log lines tell. It leaves that key in Pending import and its sweep lock.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { SWEEP_LOCK_ALIAS } from '../../lib/huawei/AliasSweepLock.js';
import { importsIn, startRenewalEnv } from './renewalEnv.js';
import type { RenewalEnv } from './renewalEnv.js';

const SWEEP_PROCESS = resolve(import.meta.dirname, 'fixtures/sweepProcess.ts');
const HOUR_SECONDS = 3_600;
const KEYS = 8;
/** The child stops after its 4th deletion (keys 1-3 renewed, key 4 without material). */
const PAUSE_AFTER_DELETES = 4;

type Line = Record<string, unknown>;

interface SweepProcess {
  child: ChildProcessWithoutNullStreams;
  /** Its parsed stdout lines so far. */
  lines: Line[];
  /** Emits `line` for each. */
  events: EventEmitter;
  stderr: () => string;
}

/** Starts the sweep process against the env's emulator, at the emulator's current (virtual) time. */
function startSweepProcess(env: RenewalEnv, options: Record<string, unknown>): SweepProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', SWEEP_PROCESS], {
    env: {
      PATH: process.env['PATH'],
      SWEEP_ENDPOINT: env.emu.endpoint,
      SWEEP_AK: env.emu.ak,
      SWEEP_SK: env.emu.sk,
      SWEEP_PROJECT_ID: env.emu.projectId,
      SWEEP_REGION: env.emu.region,
      SWEEP_NOW: env.clock.now().toISOString(),
      SWEEP_OPTIONS: JSON.stringify(options),
      SWEEP_PAUSE_AFTER_DELETES: String(PAUSE_AFTER_DELETES),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const run: SweepProcess = { child, lines: [], events: new EventEmitter(), stderr: () => stderr };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (text) => {
    if (!text.startsWith('{')) return;
    const line = JSON.parse(text) as Line;
    run.lines.push(line);
    run.events.emit('line', line);
  });
  return run;
}

/** Resolves with the first line matching `match`; rejects when the process ends first or after `timeoutMs`. */
function waitForLine(run: SweepProcess, match: (line: Line) => boolean, timeoutMs: number): Promise<Line> {
  return new Promise((done, fail) => {
    const finish = (error: Error | undefined, line?: Line): void => {
      clearTimeout(timer);
      run.events.off('line', onLine);
      run.child.off('close', onClose);
      if (error) fail(error);
      else done(line as Line);
    };
    const onLine = (line: Line): void => (match(line) ? finish(undefined, line) : undefined);
    const onClose = (): void => finish(new Error(`the sweep process ended first; stderr: ${run.stderr().slice(0, 2000)}`));
    const timer = setTimeout(() => finish(new Error(`no such line within ${timeoutMs} ms; stderr: ${run.stderr().slice(0, 2000)}`)), timeoutMs);
    run.events.on('line', onLine);
    run.child.once('close', onClose);
  });
}

describe('Function: runSweep (a sweep process killed with SIGKILL)', () => {
  let env: RenewalEnv;
  let child: ChildProcessWithoutNullStreams | undefined;

  beforeEach(async () => {
    env = await startRenewalEnv();
  });
  afterEach(async () => {
    if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await env.close();
  });

  it('loses no key: the next sweep takes over the dead lock, recovers the key left without material and renews the rest', async () => {
    // Prepare: 8 due keys, each with a ciphertext that must still decrypt at the end
    const keys = [];
    for (let i = 0; i < KEYS; i++) {
      const key = await env.onboard('3d', 'kill');
      const { cipherText } = await env.keys.encryptData(key.keyId, new SecretValue(`kept ${i}`));
      keys.push({ ...key, cipherText });
    }
    await env.advanceDays(2.5);

    // Act 1: a delete-first sweep in a child process, killed once 3 keys are renewed and the 4th has no material
    const run = startSweepProcess(env, { mode: 'delete-first', concurrency: 1, rps: 1_000 });
    child = run.child;
    const exited = new Promise<NodeJS.Signals | null>((done) => run.child.once('exit', (_code, signal) => done(signal)));
    await waitForLine(run, (l) => l['event'] === 'fixture.paused', 20_000);
    run.child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const renewedByChild = run.lines.filter((l) => l['event'] === 'renewal.key' && l['outcome'] === 'renewed').map((l) => l['key_id']);
    expect(renewedByChild).toHaveLength(3);
    expect(run.lines.some((l) => l['event'] === 'renewal.summary')).toBe(false);
    const states = await Promise.all(keys.map(async (k) => (await env.keys.describeKey(k.keyId)).keyState));
    const leftPending = keys.filter((_, i) => states[i] === 'PendingImport').map((k) => k.keyId);
    expect(leftPending).toHaveLength(1);
    expect(renewedByChild).not.toContain(leftPending[0]);
    expect((await env.kms.aliases.listAliases()).map((a) => a.alias)).toContain(SWEEP_LOCK_ALIAS);

    // Act 2: a sweep right away (a FunctionGraph retry, say) finds the dead sweep's lock still fresh: it defers the
    // renewals but recovers the key left without material at once (an outage cannot wait for the lock to go stale)
    const early = await env.sweep({ lock_wait_seconds: 0 }, { targets: [env.target({ lock: true })] });
    expect(early.summary).toMatchObject({ lock: ['busy'], deferred: 4, renewed: 0, recovered: 1, failed: 0, pending_import: 0 });

    // Act 3: the next timer tick, an hour later, when the lock (ttl 30 min) is stale
    await env.emu.advance(HOUR_SECONDS);
    const { summary } = await env.sweep({}, { targets: [env.target({ lock: true })] });

    // Assess: the tick completes and no key is lost
    expect(summary).toMatchObject({ lock: ['acquired'], scanned: KEYS, due: 4, recovered: 0, renewed: 4, failed: 0, deferred: 0, pending_import: 0 });
    for (const [i, key] of keys.entries()) {
      const info = await env.keys.describeKey(key.keyId);
      expect(info.keyState).toBe('Enabled');
      expect(info.expirationTime!.getTime()).toBeGreaterThan(env.clock.now().getTime() + 2.9 * 86_400_000);
      expect((await env.keys.decryptData(key.cipherText)).plainText.reveal()).toBe(`kept ${i}`);
      // No key spent (virtual) time in "5": the killed one was recovered by the sweep that came right after.
      expect(await env.pendingSeconds(key.keyId)).toBe(0);
      // Onboarding plus one renewal each: the keys the killed sweep renewed were not renewed again.
      expect(importsIn(await env.history(key.keyId))).toBe(2);
    }
    expect((await env.kms.aliases.listAliases()).map((a) => a.alias)).not.toContain(SWEEP_LOCK_ALIAS);
  });
});
