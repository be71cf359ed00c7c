/**
 * The running side of the emulated FunctionGraph, started once the server listens: runs queued asynchronous
 * invocations (at most `parallelism` at once, one at a time per function so each function sees its events in
 * arrival order), runs synchronous ones on demand, fires TIMER triggers on a real clock, and tells `drain`
 * callers when everything queued (and every chain it started) has finished.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EmulatorResponse, ServiceContext, ServiceHost } from '../types.js';
import { settleJob } from './asyncInvocations.js';
import { FgsCode, fgsError } from './constants.js';
import { unpackOnce } from './runtime/codePackage.js';
import { FunctionRunner } from './runtime/FunctionRunner.js';
import type { InvocationOutcome, InvocationPlan } from './runtime/FunctionRunner.js';
import { functionsRoot, planInvocation } from './runtime/planInvocation.js';
import type { FgsStore } from './store/FgsStore.js';
import type { QueuedJob } from './store/JobStore.js';
import { fireDueTimers } from './triggers/timers.js';
import type { EnqueueInvocation } from './triggers/timers.js';

/** Two cores on the reference machine: two functions at once keeps the emulator itself responsive. */
const DEFAULT_PARALLELISM = 2;
/** Longest single wait of the real-clock timer scheduler (it re-reads the next slot after it). */
const MAX_TIMER_WAIT_MS = 60_000;

interface FgsEngineOptions {
  host: ServiceHost;
  storeOf: (db: Database) => FgsStore;
  enqueue: EnqueueInvocation;
  clockMode: 'real' | 'virtual';
  parallelism?: number;
}

/** What `drain` answers. */
interface DrainResult {
  idle: boolean;
  queued: number;
  running: number;
}

/** One emulator's function runner, queue and timer scheduler. */
class FgsEngine {
  readonly #host: ServiceHost;
  readonly #storeOf: (db: Database) => FgsStore;
  readonly #enqueue: EnqueueInvocation;
  readonly #clockMode: 'real' | 'virtual';
  readonly #parallelism: number;
  readonly #runner = new FunctionRunner();
  /** request id → func_key of the asynchronous runs in flight. */
  readonly #active = new Map<string, string>();
  readonly #waiters = new Set<() => void>();
  #pumping = false;
  #again = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: FgsEngineOptions) {
    this.#host = options.host;
    this.#storeOf = options.storeOf;
    this.#enqueue = options.enqueue;
    this.#clockMode = options.clockMode;
    this.#parallelism = options.parallelism ?? DEFAULT_PARALLELISM;
    mkdirSync(join(functionsRoot(options.host.dataFile), 'home'), { recursive: true, mode: 0o700 });
  }

  /** Requeues runs a stopped emulator left behind, then starts working. */
  async start(): Promise<void> {
    await this.#host.transact((ctx) => this.#store(ctx).jobs.requeueRunning(ctx.clock.now().getTime()));
    this.nudge();
    this.timersChanged();
  }

  /** Something was queued: look for work soon (after the current transaction commits). */
  nudge(): void {
    if (!this.#stopped) setImmediate(() => void this.#pump());
  }

  /** A timer was created, changed or deleted: on a real clock, wait for the earliest next slot. */
  timersChanged(): void {
    if (this.#clockMode !== 'real' || this.#stopped) return;
    setImmediate(() => void this.#scheduleTimers());
  }

  /**
   * Runs the function synchronously (`POST .../invocations`), outside any transaction, and answers the
   * response: `{request_id, result, log, status}` and FunctionGraph's `X-Cff-*` headers.
   */
  async invokeSync(funcKey: string, event: string, logTail: boolean): Promise<EmulatorResponse> {
    const requestId = randomUUID();
    const { plan, zip } = await this.#host.transact((ctx) => {
      const row = this.#store(ctx).functions.find(funcKey);
      if (row === undefined) throw fgsError(404, FgsCode.FunctionNotFound, 'The function does not exist.');
      return { plan: planInvocation(ctx, this.#host, row, { requestId, event, sync: true }), zip: row.code };
    });
    const outcome = await this.#run(plan, zip);
    this.#notify();
    return syncResponse(requestId, plan, outcome, logTail);
  }

  /** Resolves when nothing is queued or running (or `timeoutMs` passed). */
  async drain(timeoutMs: number): Promise<DrainResult> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await this.#host.transact((ctx) => this.#store(ctx).jobs.counts());
      // Runs in flight: asynchronous ones (also while unpacking or settling) and synchronous ones (children).
      const running = Math.max(this.#active.size, this.#runner.running);
      if (counts.queued === 0 && running === 0 && !this.#pumping) return { idle: true, queued: 0, running: 0 };
      const left = deadline - Date.now();
      if (left <= 0 || this.#stopped) return { idle: false, queued: counts.queued, running };
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.#waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, 250));
        this.#waiters.add(done);
      });
    }
  }

  /** Kills running functions, stops the queue and the scheduler; runs cut short are requeued on next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#runner.stop();
    this.#notify();
  }

  #store(ctx: ServiceContext): FgsStore {
    return this.#storeOf(ctx.db);
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  async #pump(): Promise<void> {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#again = false;
        while (!this.#stopped && this.#active.size < this.#parallelism) {
          const claimed = await this.#host.transact((ctx) => this.#claim(ctx));
          if (claimed === undefined) break;
          this.#active.set(claimed.job.request_id, claimed.job.func_key);
          void this.#runJob(claimed);
        }
      } while (this.#again && !this.#stopped);
    } catch (error) {
      this.#host.log(`emulator: FunctionGraph queue failed: ${(error as Error)?.stack ?? String(error)}`);
    } finally {
      this.#pumping = false;
      this.#notify();
    }
  }

  #claim(ctx: ServiceContext): { job: QueuedJob; plan: InvocationPlan; zip: Buffer } | undefined {
    const store = this.#store(ctx);
    const job = store.jobs.next([...this.#active.values()]);
    if (job === undefined) return undefined;
    const row = store.functions.find(job.func_key);
    const nowMs = ctx.clock.now().getTime();
    if (row === undefined) {
      store.jobs.settle({ request_id: job.request_id, state: 'failed', attempts: job.attempts, updated_ms: nowMs, duration_ms: null, max_rss_kb: null, error: '{"errorType":"FunctionNotFound"}' });
      return this.#claim(ctx);
    }
    store.jobs.settle({ ...job, state: 'running', updated_ms: nowMs });
    return { job, plan: planInvocation(ctx, this.#host, row, { requestId: job.request_id, event: job.body, sync: false }), zip: row.code };
  }

  async #runJob(claimed: { job: QueuedJob; plan: InvocationPlan; zip: Buffer }): Promise<void> {
    try {
      const outcome = await this.#run(claimed.plan, claimed.zip);
      if (!this.#stopped) await this.#host.transact((ctx) => settleJob(ctx, this.#store(ctx), claimed.job, outcome));
    } catch (error) {
      this.#host.log(`emulator: FunctionGraph run failed: ${(error as Error)?.stack ?? String(error)}`);
    } finally {
      this.#active.delete(claimed.job.request_id);
      this.nudge();
      this.#notify();
    }
  }

  async #run(plan: InvocationPlan, zip: Buffer): Promise<InvocationOutcome> {
    unpackOnce(zip, plan.codeDir);
    return this.#runner.run(plan);
  }

  async #scheduleTimers(): Promise<void> {
    clearTimeout(this.#timer);
    if (this.#stopped) return;
    const next = await this.#host.transact((ctx) => {
      fireDueTimers(ctx, this.#store(ctx), this.#enqueue);
      return this.#store(ctx).triggers.earliestNextFire();
    });
    this.nudge();
    if (next === undefined || this.#stopped) return;
    const wait = Math.min(Math.max(next - Date.now(), 0), MAX_TIMER_WAIT_MS);
    this.#timer = setTimeout(() => void this.#scheduleTimers(), wait);
    this.#timer.unref();
  }
}

/** FunctionGraph's answer to a synchronous invocation (see the service's documented choices). */
function syncResponse(requestId: string, plan: InvocationPlan, outcome: InvocationOutcome, logTail: boolean): EmulatorResponse {
  const failed = outcome.kind !== 'success';
  const result = failed ? JSON.stringify(outcome.error) : typeof outcome.result === 'string' ? outcome.result : JSON.stringify(outcome.result);
  const billing = Math.ceil(outcome.durationMs);
  return {
    status: 200,
    headers: {
      'X-Cff-Request-Id': requestId,
      'X-Cff-Response-Version': 'v1',
      'X-CFF-Billing-Duration': String(billing),
      'X-Is-Func-Err': String(failed),
      'X-Func-Err-Code': failed ? (outcome.kind === 'timeout' ? 'FunctionTimeout' : 'FunctionError') : '0',
      'X-Cff-Invoke-Summary': JSON.stringify({
        funcDigest: '',
        duration: Number(outcome.durationMs.toFixed(3)),
        billingDuration: billing,
        memorySize: plan.memoryMb,
        memoryUsed: outcome.maxRssKb === undefined ? null : Number((outcome.maxRssKb / 1024).toFixed(3)),
      }),
      ...(logTail && { 'X-Cff-Function-Log': Buffer.from(outcome.logTail).subarray(-2000).toString('base64') }),
    },
    body: { request_id: requestId, result, log: logTail ? outcome.logTail : '', status: failed ? 500 : 200 },
  };
}

export { FgsEngine };
export type { DrainResult, FgsEngineOptions };
