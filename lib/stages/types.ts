/** What every lifecycle stage's logic receives and returns. */
import type { Logger } from '../log/Logger.js';
import type { Clock, Dispatcher, KeyService, SecretStore, StageName } from '../ports/index.js';

/** Tuning of the stages; every field has a default. */
interface StageOptions {
  /** Encrypt and decrypt a fixed non-secret string after each import. Default true. */
  verifyProbe?: boolean;
  /**
   * Describe the key after each import and check its state and expiry. Default true. A caller that re-reads
   * every key's state and expiry anyway (the renewal sweep's next discovery) may turn it off to save a call.
   */
  verifyImport?: boolean;
}

/** The outside world of a stage: ports, the cloud's clock and a logger bound to the invocation. */
interface StageDeps {
  keys: KeyService;
  secrets: SecretStore;
  /** Hands the stage's output to the next stage. */
  dispatcher: Dispatcher;
  /** Time as the cloud sees it (expiry requested at import, token validity). */
  clock: Clock;
  /** Bound to `fn` and `correlation_id` by the caller. */
  logger: Logger;
  options?: StageOptions;
  /** Monotonic milliseconds for `duration_ms`. Default `performance.now`. */
  elapsedMs?: () => number;
}

/** A stage's answer when it succeeded (failures are thrown and become failure events). */
interface StageResult {
  readonly ok: true;
  readonly stage: StageName;
  readonly key_id: string;
  readonly correlation_id: string;
  /** `ok`, or what the stage did instead (`refetch`: handed back to fetch-parameters). */
  readonly outcome?: string;
  readonly [field: string]: unknown;
}

/** A stage's logic: the validated event in, a result out; the next stage is reached through `deps.dispatcher`. */
type StageLogic<TEvent> = (event: TEvent, deps: StageDeps) => Promise<StageResult>;

export type { StageDeps, StageLogic, StageOptions, StageResult };
