/**
 * Per-cloud wiring: the ports over Huawei Cloud (or the embedded cloud) for one region/project, the dispatcher a
 * FunctionGraph function hands its stages to, and the renewal targets of a sweep. The handlers in functions/ and
 * the CLI call these and never build clients themselves, so an AWS wiring can stand beside this one.
 */
import { InProcessDispatcher } from '../dispatch/InProcessDispatcher.js';
import type { FunctionGraphContext } from '../functiongraph/context.js';
import type { Logger } from '../log/Logger.js';
import type { Clock, Dispatcher, KeyService, SecretStore, SweepLock } from '../ports/index.js';
import type { RawRenewalOptions, RenewalOptions, RenewalTargetSpec } from '../renewal/options.js';
import type { RenewalTarget, SweepRelay } from '../renewal/types.js';
import type { StageOptions } from '../stages/types.js';
import { AliasSweepLock } from './AliasSweepLock.js';
import { EnvVar, kmsEndpointForRegion, resolveFunctionGraphConfig } from './config.js';
import type { EnvSource, HuaweiCloudConfig } from './config.js';
import { FunctionGraphDispatcher } from './FunctionGraphDispatcher.js';
import { functionSettings } from './functionSettings.js';
import { isFunctionUrn, resolveFgsEndpoint, resolveFunctionUrns } from './functionUrns.js';
import { HuaweiKeyService } from './HuaweiKeyService.js';
import { HuaweiSecretStore } from './HuaweiSecretStore.js';
import { createHuaweiClients } from './index.js';
import type { CsmsClient, KmsClient } from './index.js';

/** The ports over one region/project. */
interface HuaweiPorts {
  keys: KeyService;
  secrets: SecretStore;
  /** The sweep lock (an alias, see AliasSweepLock.ts). */
  lock: SweepLock;
  clock: Clock;
}

/** The ports over clients built already (callers that also need the raw clients). */
function portsOver(clients: { kms: KmsClient; csms: CsmsClient }, now: () => Date): HuaweiPorts {
  const keys = new HuaweiKeyService(clients.kms);
  return { keys, secrets: new HuaweiSecretStore(clients.csms), lock: new AliasSweepLock(clients.kms.aliases, clients.kms), clock: { now } };
}

/**
 * The ports over Huawei Cloud for `config`; `now` is the cloud's clock (the embedded cloud's may be virtual).
 *
 * @example
 * const { keys, secrets, lock, clock } = huaweiPorts(resolveHuaweiConfig(process.env));
 */
function huaweiPorts(config: HuaweiCloudConfig, now: () => Date = () => new Date()): HuaweiPorts {
  return portsOver(createHuaweiClients({ config, now }), now);
}

/** What a FunctionGraph invocation knows. */
interface Invocation {
  context: FunctionGraphContext;
  /** The function's environment: the fallback for settings the context's user data lacks (functionSettings.ts). */
  env: EnvSource;
  logger: Logger;
  now: () => Date;
}

/** The invocation's settings: user data through the context first, the environment as fallback. */
function settingsOf(invocation: Invocation): EnvSource {
  return functionSettings(invocation.context, invocation.env);
}

/** The ports with this invocation's temporary agency credentials. */
function invocationPorts(invocation: Invocation): HuaweiPorts {
  return huaweiPorts(resolveFunctionGraphConfig(invocation.context, settingsOf(invocation)), invocation.now);
}

/**
 * Where a stage function hands the next stage: FunctionGraph async invoke when any `BYOK_FN_URN_<STAGE>` is set
 * (each stage then runs in its own function), else the rest of the chain in this invocation. URNs are read per
 * call (cheap), so a malformed one fails the invocation with a `ConfigError` naming the variable.
 *
 * @example
 * const dispatcher = stageDispatcher(invocation, ports, { verifyProbe: true });
 */
function stageDispatcher(invocation: Invocation, ports: Omit<HuaweiPorts, 'lock'>, stageOptions: StageOptions): Dispatcher {
  const settings = settingsOf(invocation);
  const functionUrns = resolveFunctionUrns(settings);
  if (Object.keys(functionUrns).length === 0) {
    return new InProcessDispatcher({ ...ports, logger: invocation.logger, options: stageOptions });
  }
  const config = resolveFunctionGraphConfig(invocation.context, settings);
  return new FunctionGraphDispatcher({
    config,
    endpoint: resolveFgsEndpoint(settings, config.region),
    functionUrns,
    now: () => ports.clock.now(),
    onDispatched: (receipt) =>
      invocation.logger.info('stage.dispatched', {
        stage: receipt.stage,
        function_urn: receipt.functionUrn,
        fgs_request_id: receipt.requestId,
        bytes: receipt.bytes,
      }),
  });
}

function targetConfig(base: HuaweiCloudConfig, spec: RenewalTargetSpec | undefined, env: EnvSource): HuaweiCloudConfig {
  if (spec === undefined) return base;
  const override = env[EnvVar.Endpoint]?.trim();
  return {
    ...base,
    region: spec.region,
    projectId: spec.projectId ?? base.projectId,
    endpoint: override ? base.endpoint : kmsEndpointForRegion(spec.region),
  };
}

/**
 * The renewal sweep's targets: none given = the function's own region/project; others get the region's KMS
 * endpoint (or `BYOK_KMS_ENDPOINT` for all, on the embedded cloud) and the same agency credentials. Fan-out hands
 * keys to the fetch-parameters function, for the function's own target only (the stage functions work in their
 * configured region), and only when `fanOut` is asked for and that function's URN is configured.
 *
 * @example
 * const targets = renewalTargets(invocation, options.targets, { fanOut: options.fanout !== undefined });
 */
function renewalTargets(invocation: Invocation, specs: RenewalTargetSpec[] | undefined, opts: { fanOut: boolean }): RenewalTarget[] {
  const settings = settingsOf(invocation);
  const base = resolveFunctionGraphConfig(invocation.context, settings);
  const canFanOut = opts.fanOut && resolveFunctionUrns(settings)['fetch-parameters'] !== undefined;
  return (specs ?? [undefined]).map((spec) => {
    const config = targetConfig(base, spec, settings);
    const ports = huaweiPorts(config, invocation.now);
    const own = config.region === base.region && config.projectId === base.projectId;
    return {
      ...(config.region !== undefined ? { region: config.region } : {}),
      projectId: config.projectId,
      keys: ports.keys,
      secrets: ports.secrets,
      lock: ports.lock,
      ...(canFanOut && own ? { dispatcher: stageDispatcher(invocation, ports, {}) } : {}),
    };
  });
}

/** Names the renewal function's own URN when the context cannot (a version or alias other than `latest`). */
const OWN_URN_VARIABLE = 'BYOK_FN_URN_RENEW_EXPIRING';

/** This function's URN: `BYOK_FN_URN_RENEW_EXPIRING`, else built from the context (`…:<package>:<name>:latest`). */
function ownFunctionUrn(invocation: Invocation, config: HuaweiCloudConfig): string | undefined {
  const configured = settingsOf(invocation)[OWN_URN_VARIABLE]?.trim();
  if (configured) return isFunctionUrn(configured) ? configured : undefined;
  const name = invocation.context.getFunctionName?.();
  const packageName = invocation.context.getPackage?.() || 'default';
  if (!name || config.region === undefined) return undefined;
  const urn = `urn:fss:${config.region}:${config.projectId}:function:${packageName}:${name}:latest`;
  return isFunctionUrn(urn) ? urn : undefined;
}

/**
 * How the renewal sweep hands work to another invocation of this very function: FunctionGraph async invoke with
 * the options as written, narrowed to the targets handed on (and where the first resumes). `undefined` when the
 * function's own URN cannot be known (then the sweep defers what does not fit).
 *
 * @example
 * const relay = sweepRelay(invocation, sweepOptions, stage.correlationId);
 */
function sweepRelay(invocation: Invocation, options: RenewalOptions, correlationId: string): SweepRelay | undefined {
  const settings = settingsOf(invocation);
  const config = resolveFunctionGraphConfig(invocation.context, settings);
  const functionUrn = ownFunctionUrn(invocation, config);
  if (functionUrn === undefined) return undefined;
  const dispatcher = new FunctionGraphDispatcher({ config, endpoint: resolveFgsEndpoint(settings, config.region), functionUrns: {}, now: invocation.now });
  return {
    handOn: async ({ targets, cursor, hop }) => {
      const specs = options.targets === undefined ? undefined : targets.map((i) => options.targets![i]!);
      const raw: RawRenewalOptions = {
        ...options.raw,
        ...(specs !== undefined ? { targets: specs.map((t) => ({ region: t.region, ...(t.projectId !== undefined ? { project_id: t.projectId } : {}) })) } : {}),
        per_target: false,
        ...(cursor !== undefined ? { resume: { phase: cursor.phase, skip: cursor.skip, hop } } : {}),
      };
      if (cursor === undefined) delete raw.resume;
      const requestId = await dispatcher.invokeFunction(functionUrn, { user_event: JSON.stringify(raw), correlation_id: correlationId });
      invocation.logger.info('stage.dispatched', { stage: 'renew-expiring', function_urn: functionUrn, fgs_request_id: requestId });
    },
  };
}

export { huaweiPorts, invocationPorts, portsOver, renewalTargets, settingsOf, stageDispatcher, sweepRelay };
export type { HuaweiPorts, Invocation };
