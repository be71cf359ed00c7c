/**
 * Runs one invocation of a deployed function in a child Node process (`process.execPath`), as FunctionGraph
 * runs it: the function's folder as working directory, its user data and FunctionGraph's `RUNTIME_*` variables
 * as environment (nothing of the emulator's own environment but PATH), the event and the agency credentials over
 * IPC (never in the environment), a hard kill at the timeout, and every output line in the function's log.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { appendLogLines } from './functionLog.js';

const BOOTSTRAP = fileURLToPath(new URL('./bootstrap.cjs', import.meta.url));
const VIRTUAL_CLOCK = fileURLToPath(new URL('./virtualClock.cjs', import.meta.url));
const CLOCK_OFFSET_VARIABLE = 'FGS_EMULATOR_CLOCK_OFFSET_MS';
/** FunctionGraph's default response body limit, as `RUNTIME_MAX_RESP_BODY_SIZE` reports it. */
const MAX_RESPONSE_BYTES = 6_291_456;
const LOG_TAIL_BYTES = 4096;
const MAX_TAIL_LINES = 400;

/** The agency's temporary credentials as the context hands them out; empty strings without an agency. */
interface ContextCredential {
  access: string;
  secret: string;
  securityToken: string;
  authToken: string;
}

/** Everything one run needs, resolved from the function's configuration. */
interface InvocationPlan {
  requestId: string;
  name: string;
  packageName: string;
  projectId: string;
  handler: string;
  memoryMb: number;
  cpu: number;
  timeoutSeconds: number;
  /** The run's own limit (a sync call ends at 900 s). */
  timeoutMs: number;
  codeDir: string;
  /** The event as JSON text. */
  event: string;
  userData: Record<string, string>;
  /** Whether user data is also set as environment variables (switch `fgs_user_data_env`); else only `getUserData`. */
  userDataInEnv: boolean;
  credential: ContextCredential;
  /** virtual - wall, in ms; 0 on a real clock. */
  clockOffsetMs: number;
  logFile: string;
  homeDir: string;
}

/** The error of a failed run, in the shape Node runtimes report it. */
interface FunctionError {
  errorType: string;
  errorMessage: string;
  stackTrace: string[];
}

/** How a run ended. */
interface InvocationOutcome {
  kind: 'success' | 'error' | 'timeout';
  result?: unknown;
  error?: FunctionError;
  durationMs: number;
  /** Peak resident set of the child, KB; undefined when it could not be read. */
  maxRssKb: number | undefined;
  /** This run's log as FunctionGraph returns it (start line, output, finish line), at most its last 4 KB. */
  logTail: string;
}

/**
 * The child's environment. Huawei documents user data as read with `context.getUserData(key)`; whether its runtime
 * also sets it as environment variables is not documented, so the emulator does by default (switch
 * `fgs_user_data_env: set`) and `omit` leaves `getUserData` as the only way in (`RUNTIME_USERDATA` included).
 */
function childEnvironment(plan: InvocationPlan): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...(plan.userDataInEnv && plan.userData),
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: plan.homeDir,
    TZ: 'UTC',
    LANG: 'C.UTF-8',
    RUNTIME_PROJECT_ID: plan.projectId,
    RUNTIME_FUNC_NAME: plan.name,
    RUNTIME_FUNC_VERSION: 'latest',
    RUNTIME_PACKAGE: plan.packageName,
    RUNTIME_HANDLER: plan.handler,
    RUNTIME_TIMEOUT: String(plan.timeoutSeconds),
    ...(plan.userDataInEnv && { RUNTIME_USERDATA: JSON.stringify(plan.userData) }),
    RUNTIME_CPU: String(plan.cpu),
    RUNTIME_MEMORY: String(plan.memoryMb),
    RUNTIME_MAX_RESP_BODY_SIZE: String(MAX_RESPONSE_BYTES),
    RUNTIME_ROOT: fileURLToPath(new URL('.', import.meta.url)),
    RUNTIME_CODE_ROOT: plan.codeDir,
  };
  if (plan.clockOffsetMs !== 0) env[CLOCK_OFFSET_VARIABLE] = String(plan.clockOffsetMs);
  return env;
}

/** Peak RSS of a live process from /proc (Linux), for runs killed before they could report it. */
function procPeakRssKb(pid: number | undefined): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function tailOf(lines: readonly string[]): string {
  const text = lines.join('\n');
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length <= LOG_TAIL_BYTES ? text : bytes.subarray(bytes.length - LOG_TAIL_BYTES).toString('utf8');
}

/** Names a memory cgroup folder (v1 or v2, made beforehand, writable) every function process starts in. */
const CGROUP_VARIABLE = 'BYOK_EMULATOR_FGS_CGROUP';

/**
 * The command that runs `argv`: as it is, or — with {@link CGROUP_VARIABLE} set — through a shell that moves
 * itself into that cgroup and then becomes the function's `node`, so Node sizes its heap from the cgroup's memory
 * limit from its first instruction, as in FunctionGraph's container (docs/emulator.md#running-a-function).
 */
function inMemoryCgroup(argv: string[]): [file: string, args: string[]] {
  const cgroup = process.env[CGROUP_VARIABLE]?.trim();
  if (!cgroup) return [argv[0]!, argv.slice(1)];
  return ['/bin/sh', ['-c', 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"', 'sh', cgroup, ...argv]];
}

/** Spawns runs and remembers the children still alive, so `stop()` can end them. */
class FunctionRunner {
  readonly #children = new Set<ChildProcess>();
  #stopped = false;

  /** Runs the plan to its end (success, error, or timeout kill); never throws for the function's own failures. */
  run(plan: InvocationPlan): Promise<InvocationOutcome> {
    const stamp = (): string => new Date(Date.now() + plan.clockOffsetMs).toISOString();
    const tailLines: string[] = [];
    const log = (tail: string, file: string): void => {
      tailLines.push(tail);
      // Only the last 4 KB are answered: keep the start line and a bounded tail.
      if (tailLines.length > MAX_TAIL_LINES) tailLines.splice(1, tailLines.length - MAX_TAIL_LINES);
      appendLogLines(plan.logFile, [file]);
    };
    const startLine = `Start invoke request '${plan.requestId}', version: latest`;
    log(`${stamp()} ${startLine}`, `${stamp()} ${plan.requestId} INFO ${startLine}`);
    if (this.#stopped) return Promise.resolve(this.#refused(plan, log, stamp, tailLines));

    const started = performance.now();
    const [file, args] = inMemoryCgroup([process.execPath, '--require', VIRTUAL_CLOCK, BOOTSTRAP]);
    const child = spawn(file, args, {
      cwd: plan.codeDir,
      env: childEnvironment(plan),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group: a Ctrl-C meant for the emulator's process must not kill the function mid-run (it
      // would count as the function's failure, be retried, and reach the failure destination); stop() ends it.
      detached: true,
    });
    this.#children.add(child);
    const ownLine = new RegExp(`^\\S+ ${plan.requestId} `);
    const capture = (stream: NodeJS.ReadableStream | null, level: string): void => {
      if (stream === null) return;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        log(line, ownLine.test(line) ? line : `${stamp()} ${plan.requestId} ${level} ${line}`);
      });
    };
    capture(child.stdout, 'INFO');
    capture(child.stderr, 'ERROR');

    return new Promise((resolve) => {
      let answer: { ok: boolean; result?: unknown; error?: FunctionError; maxRssKb?: number } | undefined;
      let timedOut = false;
      let peakKb: number | undefined;
      const timer = setTimeout(() => {
        timedOut = true;
        peakKb = procPeakRssKb(child.pid);
        child.kill('SIGKILL');
      }, plan.timeoutMs);
      child.on('message', (message: typeof answer) => {
        answer = message;
      });
      child.on('error', () => undefined);
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        this.#children.delete(child);
        const durationMs = performance.now() - started;
        const maxRssKb = answer?.maxRssKb ?? peakKb;
        let outcome: Omit<InvocationOutcome, 'logTail'>;
        if (timedOut) {
          const error = { errorType: 'FunctionTimeout', errorMessage: `invocation timed out after ${plan.timeoutMs / 1000} s`, stackTrace: [] };
          outcome = { kind: 'timeout', error, durationMs, maxRssKb };
        } else if (answer?.ok === true) {
          outcome = { kind: 'success', result: answer.result, durationMs, maxRssKb };
        } else {
          const error = answer?.error ?? {
            errorType: 'RuntimeExit',
            errorMessage: `the function process ended without an answer (${signal ?? `exit code ${code}`})`,
            stackTrace: [],
          };
          outcome = { kind: 'error', error, durationMs, maxRssKb };
        }
        if (outcome.error !== undefined) {
          const line = `${outcome.error.errorType}: ${outcome.error.errorMessage}`;
          log(`${stamp()} ${line}`, `${stamp()} ${plan.requestId} ERROR ${line}`);
        }
        const finish = finishLine(plan, durationMs, maxRssKb, outcome.kind);
        log(`${stamp()} ${finish}`, `${stamp()} ${plan.requestId} INFO ${finish}`);
        resolve({ ...outcome, logTail: tailOf(tailLines) });
      });
      child.send({
        requestId: plan.requestId,
        event: plan.event,
        handler: plan.handler,
        codeRoot: plan.codeDir,
        remainingMs: plan.timeoutMs,
        userData: plan.userData,
        credential: plan.credential,
        function: {
          name: plan.name,
          package: plan.packageName,
          projectId: plan.projectId,
          version: 'latest',
          memoryMb: plan.memoryMb,
          cpu: plan.cpu,
          timeoutSeconds: plan.timeoutSeconds,
        },
      });
    });
  }

  /** Kills every running child (their runs end as errors) and refuses new runs. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const closing = [...this.#children].map((child) => new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.kill('SIGKILL');
    }));
    await Promise.all(closing);
  }

  get running(): number {
    return this.#children.size;
  }

  #refused(plan: InvocationPlan, log: (tail: string, file: string) => void, stamp: () => string, tail: string[]): InvocationOutcome {
    const error = { errorType: 'EmulatorStopping', errorMessage: 'the emulator is closing', stackTrace: [] };
    log(`${stamp()} ${error.errorMessage}`, `${stamp()} ${plan.requestId} ERROR ${error.errorMessage}`);
    return { kind: 'error', error, durationMs: 0, maxRssKb: undefined, logTail: tailOf(tail) };
  }
}

/** FunctionGraph's finish line: duration, billing duration, memory used (peak RSS), billing memory. */
function finishLine(plan: InvocationPlan, durationMs: number, maxRssKb: number | undefined, kind: InvocationOutcome['kind']): string {
  const used = maxRssKb === undefined ? 'unknown' : `${(maxRssKb / 1024).toFixed(3)}MB`;
  const status = kind === 'success' ? '' : `(invoke ${kind === 'timeout' ? 'timeout' : 'failed'})`;
  return `Finish invoke request '${plan.requestId}'${status}, duration: ${durationMs.toFixed(3)}ms, billing duration: ${Math.ceil(durationMs)}ms, memory used: ${used}, billing memory: ${plan.memoryMb}MB`;
}

export { FunctionRunner };
export type { ContextCredential, FunctionError, InvocationOutcome, InvocationPlan };
