/** What every FunctionGraph stage receives and answers. */
import type { KeyState } from '../domain/KeyState.js';
import type { LifecycleDeps, LifecycleOptions } from '../lifecycle/types.js';
import type { Dispatcher, StageName } from '../ports/index.js';
import type { AliasRotation } from '../lifecycle/index.js';

/** Tuning of the stages; every field has a default. */
type StageOptions = LifecycleOptions;

/** The outside world of a stage: the lifecycle's deps plus the way to the next stage. */
interface StageDeps extends LifecycleDeps {
  /** Hands the stage's output to the next stage. */
  dispatcher: Dispatcher;
  /** Monotonic milliseconds for `duration_ms`. Default `performance.now`. */
  elapsedMs?: () => number;
}

/** What every stage's answer has. */
interface StageResultBase {
  readonly ok: true;
  readonly stage: StageName;
  readonly key_id: string;
  readonly correlation_id: string;
  /** `ok`, or what the stage did instead: `imported`, `refetch` (handed back to fetch-parameters), on-event's actions. */
  readonly outcome: string;
}

interface CreateKeyResult extends StageResultBase {
  readonly stage: 'create-key';
  readonly alias: string;
  /** The key's own name, `<alias>-<version>`. */
  readonly key_name: string;
  readonly secret_version: string;
  readonly ttl: string;
  /** An earlier attempt had created the key already. */
  readonly reused: boolean;
}

interface FetchParametersResult extends StageResultBase {
  readonly stage: 'fetch-parameters';
  readonly params_expire_at: string;
}

interface WrapMaterialResult extends StageResultBase {
  readonly stage: 'wrap-material';
  /** The expiry import-material will request; `null` = never. */
  readonly requested_expires_at: string | null;
}

interface ImportMaterialResult extends StageResultBase {
  readonly stage: 'import-material';
  readonly state: KeyState;
  readonly expires_at: string | null;
}

/** wrap-material or import-material handed the key back to fetch-parameters for new import parameters. */
interface RefetchResult extends StageResultBase {
  readonly outcome: 'refetch';
}

interface OnEventResult extends StageResultBase {
  readonly stage: 'on-event';
  readonly source: string;
  readonly tasks: TaskReport[];
}

/** One task's report in the on-event result. */
type TaskReport =
  | { action: 'onboard'; key_id: string; alias: string; secret_version: string }
  | {
      action: 'import';
      key_id: string;
      state: KeyState;
      /** `left-to-create-key`: create-key manages the key and runs its own import. */
      outcome: 'import-started' | 'already-imported' | 'left-to-create-key';
      adopted: boolean;
    }
  | { action: 'recover'; key_id: string; state: KeyState; outcome: 'recovery-started'; forced: boolean }
  | { action: 'rotate'; key_id: string | undefined; aliases: AliasRotation[] }
  | {
      action: 'lost';
      key_id: string | undefined;
      /** The stage whose invocation failed for good. */
      stage: string;
      /** `recovery-started` for a managed key in Pending import; else left to the renewal timer. */
      outcome: 'recovery-started' | 'left-to-timer';
    };

/** A stage's answer when it succeeded (failures are thrown and become failure events). */
type StageResult = CreateKeyResult | FetchParametersResult | WrapMaterialResult | ImportMaterialResult | RefetchResult | OnEventResult;

/** A stage's logic: the validated event in, a result out; the next stage is reached through `deps.dispatcher`. */
type StageLogic<TEvent, TResult extends StageResult = StageResult> = (event: TEvent, deps: StageDeps) => Promise<TResult>;

export type {
  CreateKeyResult,
  FetchParametersResult,
  ImportMaterialResult,
  OnEventResult,
  RefetchResult,
  StageDeps,
  StageLogic,
  StageOptions,
  StageResult,
  StageResultBase,
  TaskReport,
  WrapMaterialResult,
};
