/**
 * ONE small stateful model of the AWS calls byok-keeper makes (no real AWS peer can exist here): KMS keys with their
 * states and materials (ValidTo, import tokens bound to a wrapping key, real RSA-OAEP unwrap so wrong material is
 * refused, real AES-GCM encrypt/decrypt), tags, aliases; Secrets Manager secrets with version ids and AWSCURRENT;
 * Lambda async invocations. It has its own clock (virtual, or the wall clock), per-operation quotas and injected
 * faults, and it is wired into the SDK clients by attachModel.ts (aws-sdk-client-mock's callsFake), so the adapters
 * run against behaviour, not canned answers.
 */
import { KmsModel } from './KmsModel.js';
import { LambdaModel } from './LambdaModel.js';
import { awsError } from './modelErrors.js';
import type { Service } from './modelErrors.js';
import { SecretsModel } from './SecretsModel.js';

interface AwsModelOptions {
  /** The model's start time (virtual clock), or `real` for the wall clock. Default 2026-03-01T00:00:00Z, virtual. */
  start?: Date | 'real';
  /** Requests per second per operation name; calls beyond are throttled. Default none. */
  quotas?: Record<string, number>;
  /** Monotonic ms the quotas are measured on. Default `performance.now`. */
  nowMs?: () => number;
  region?: string;
  account?: string;
}

/** One call the model answered (tests only: inputs hold tokens and wrapped material; never print them). */
interface ModelCall {
  service: Service;
  op: string;
  input: Record<string, unknown>;
}

class AwsModel {
  readonly region: string;
  readonly account: string;
  readonly kms: KmsModel;
  readonly secrets: SecretsModel;
  readonly lambda: LambdaModel;
  readonly calls: ModelCall[] = [];
  /** Throttled calls per operation. */
  readonly throttled: Record<string, number> = {};
  readonly quotas: Record<string, number>;
  readonly #real: boolean;
  #virtualMs: number;
  readonly #nowMs: () => number;
  readonly #recent = new Map<string, number[]>();
  readonly #faults = new Map<string, string[]>();

  constructor(options: AwsModelOptions = {}) {
    this.region = options.region ?? 'eu-west-1';
    this.account = options.account ?? '111122223333';
    this.#real = options.start === 'real';
    this.#virtualMs = options.start instanceof Date ? options.start.getTime() : Date.parse('2026-03-01T00:00:00Z');
    this.#nowMs = options.nowMs ?? (() => performance.now());
    this.quotas = { ...options.quotas };
    this.kms = new KmsModel(this);
    this.secrets = new SecretsModel(this);
    this.lambda = new LambdaModel(this);
  }

  /** The model's time (what expiries are measured against). */
  now(): Date {
    return this.#real ? new Date() : new Date(this.#virtualMs);
  }

  /** Moves the virtual clock forward (materials whose ValidTo passes are deleted). */
  advance(ms: number): void {
    if (this.#real) throw new Error('the model runs on the wall clock');
    this.#virtualMs += ms;
  }

  /** The next `times` calls of `op` fail with the exception `name`. */
  failNext(op: string, name: string, times = 1): void {
    this.#faults.set(op, [...(this.#faults.get(op) ?? []), ...Array<string>(times).fill(name)]);
  }

  /** Calls of `op` so far. */
  callsOf(op: string): ModelCall[] {
    return this.calls.filter((c) => c.op === op);
  }

  /** Records the call, applies injected faults and quotas, then runs `fn`. */
  handle<T>(service: Service, op: string, input: Record<string, unknown>, fn: () => T): T {
    this.calls.push({ service, op, input });
    const fault = this.#faults.get(op)?.shift();
    if (fault !== undefined) throw awsError(service, fault, `injected ${fault}`);
    this.#checkQuota(service, op);
    this.kms.settle();
    return fn();
  }

  #checkQuota(service: Service, op: string): void {
    const rps = this.quotas[op];
    if (rps === undefined) return;
    const nowMs = this.#nowMs();
    const recent = (this.#recent.get(op) ?? []).filter((t) => nowMs - t < 1000);
    if (recent.length >= rps) {
      this.throttled[op] = (this.throttled[op] ?? 0) + 1;
      this.#recent.set(op, recent);
      throw awsError(service, service === 'lambda' ? 'TooManyRequestsException' : 'ThrottlingException', 'Rate exceeded');
    }
    recent.push(nowMs);
    this.#recent.set(op, recent);
  }
}

export { AwsModel };
export type { AwsModelOptions, ModelCall };
