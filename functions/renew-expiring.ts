/**
 * FunctionGraph function `renew-expiring` (TIMER trigger): the renewal sweep of lib/renewal. This file only wires:
 * options come validated from the event's `user_event`, the ports of each target are built over the Huawei
 * clients with the execution agency's credentials, and the deadline comes from the context.
 *
 * Targets: none given = the client's own region/project; others get the region's KMS endpoint (or
 * `BYOK_KMS_ENDPOINT` for all, on the embedded cloud) and the same agency credentials. Fan-out hands keys to the
 * fetch-parameters function (`BYOK_FN_URN_FETCH_PARAMETERS`), for the function's own target only: the stage
 * functions work in their configured region.
 */
import { cloudDispatcher } from '../lib/dispatch/cloudDispatcher.js';
import { resolveFunctionUrns } from '../lib/dispatch/functionUrns.js';
import type { FunctionGraphHandler } from '../lib/functiongraph/context.js';
import { HuaweiKeyService } from '../lib/huawei/HuaweiKeyService.js';
import { HuaweiSecretStore } from '../lib/huawei/HuaweiSecretStore.js';
import { EnvVar, createHuaweiClients, kmsEndpointForRegion, resolveFunctionGraphConfig } from '../lib/huawei/index.js';
import type { HuaweiCloudConfig } from '../lib/huawei/index.js';
import { stageHandler } from '../lib/middleware/stageHandler.js';
import type { StageContext } from '../lib/middleware/stageHandler.js';
import type { StageFailureEvent } from '../lib/middleware/types.js';
import { StageName } from '../lib/ports/index.js';
import { AliasSweepLock } from '../lib/renewal/AliasSweepLock.js';
import type { RenewalOptions, RenewalTargetSpec } from '../lib/renewal/options.js';
import { runSweep } from '../lib/renewal/runSweep.js';
import { RenewalTimerEvent } from '../lib/renewal/timerEvent.js';
import type { KeyReport, RenewalTarget, SweepSummary, SweepTuning } from '../lib/renewal/types.js';
import { readRuntimeConfig } from './runtime.js';
import type { RuntimeConfig, RuntimeOptions } from './runtime.js';

/** What the function answers (FunctionGraph keeps it for async invocations; the logs are the record). */
interface RenewExpiringResult {
  ok: true;
  correlation_id: string;
  summary: SweepSummary;
  /** Dry run: every row; otherwise the keys that need attention (failed, deferred). At most {@link MAX_ROWS}. */
  keys: KeyReport[];
  keys_truncated: number;
}

/** Options of {@link renewExpiringFunction}: the runtime's, plus sweep tuning for tests. */
interface RenewExpiringOptions extends Omit<RuntimeOptions, 'dispatcher'> {
  tuning?: Partial<SweepTuning>;
}

/** Keeps the answer far below FunctionGraph's 6 MB sync limit. */
const MAX_ROWS = 1_000;
/** Kept back before FunctionGraph's timeout: the sweep stops starting keys 10 s earlier still (SweepTuning). */
const MARGIN_MS = 2_000;

function targetConfig(base: HuaweiCloudConfig, spec: RenewalTargetSpec | undefined, runtime: RuntimeConfig): HuaweiCloudConfig {
  if (spec === undefined) return base;
  const override = runtime.env[EnvVar.Endpoint]?.trim();
  return {
    ...base,
    region: spec.region,
    projectId: spec.projectId ?? base.projectId,
    endpoint: override ? base.endpoint : kmsEndpointForRegion(spec.region),
  };
}

function targetsFor(options: RenewalOptions, stage: StageContext, runtime: RuntimeConfig, now: () => Date): RenewalTarget[] {
  const base = resolveFunctionGraphConfig(stage.context, runtime.env);
  const specs: (RenewalTargetSpec | undefined)[] = options.targets ?? [undefined];
  return specs.map((spec) => {
    const config = targetConfig(base, spec, runtime);
    const { kms, csms } = createHuaweiClients({ config, now });
    const keys = new HuaweiKeyService(kms);
    const secrets = new HuaweiSecretStore(csms);
    const own = config.region === base.region && config.projectId === base.projectId;
    const fanOut = options.fanout !== undefined && own && resolveFunctionUrns(runtime.env)[StageName.FetchParameters] !== undefined;
    return {
      ...(config.region !== undefined ? { region: config.region } : {}),
      projectId: config.projectId,
      keys,
      secrets,
      lock: new AliasSweepLock(kms.aliases, keys),
      ...(fanOut ? { dispatcher: cloudDispatcher({ keys, secrets, clock: { now } }, stage, runtime) } : {}),
    };
  });
}

/**
 * Builds the handler; `handler` below is the deployed one.
 *
 * @example
 * const handler = renewExpiringFunction({ env: { BYOK_KMS_ENDPOINT: emu.endpoint }, now: () => emu.now() });
 */
function renewExpiringFunction(options: RenewExpiringOptions = {}): FunctionGraphHandler<unknown, RenewExpiringResult | StageFailureEvent> {
  const runtime = readRuntimeConfig(options.env ?? process.env);
  const now = options.now ?? ((): Date => new Date());
  return stageHandler(
    async (event: RenewalTimerEvent, stage: StageContext): Promise<RenewExpiringResult> => {
      const sweepOptions = event.user_event;
      const { summary, keys } = await runSweep(sweepOptions, {
        targets: targetsFor(sweepOptions, stage, runtime, now),
        clock: { now },
        logger: stage.logger,
        correlationId: stage.correlationId,
        deadlineAtMs: stage.deadline.deadlineAtMs,
        ...(options.tuning !== undefined ? { tuning: options.tuning } : {}),
      });
      const shown = sweepOptions.dryRun ? keys : keys.filter((k) => k.outcome === 'failed' || k.outcome === 'deferred');
      return { ok: true, correlation_id: stage.correlationId, summary, keys: shown.slice(0, MAX_ROWS), keys_truncated: Math.max(0, shown.length - MAX_ROWS) };
    },
    {
      stage: 'renew-expiring',
      schema: RenewalTimerEvent,
      level: runtime.logLevel,
      marginMs: MARGIN_MS,
      ...(options.write !== undefined ? { write: options.write } : {}),
      credentials: { env: runtime.env },
    },
  );
}

/** FunctionGraph entry point: `(event, context)` → the sweep's summary, or a failure event. */
export const handler = renewExpiringFunction();
export { renewExpiringFunction };
export type { RenewExpiringOptions, RenewExpiringResult };
