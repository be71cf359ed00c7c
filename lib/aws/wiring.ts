/**
 * AWS wiring, beside lib/huawei/wiring.ts: the ports over one region, the dispatcher a Lambda function hands its
 * stages to, and the renewal targets of a sweep. The Lambda handlers (functions/aws/) and the CLI call these and
 * never build clients themselves.
 */
import { InProcessDispatcher } from '../dispatch/InProcessDispatcher.js';
import type { Logger } from '../log/Logger.js';
import type { Clock, Dispatcher } from '../ports/index.js';
import type { RenewalTargetSpec } from '../renewal/options.js';
import type { RenewalTarget } from '../renewal/types.js';
import type { StageOptions } from '../stages/types.js';
import { AwsAliasSweepLock } from './AwsAliasSweepLock.js';
import { AwsCaller } from './AwsCaller.js';
import type { AwsCallerOptions } from './AwsCaller.js';
import { AwsKeyService } from './AwsKeyService.js';
import { AwsSecretStore } from './AwsSecretStore.js';
import { createAwsClients } from './clients.js';
import type { AwsClients } from './clients.js';
import type { AwsCloudConfig, EnvSource } from './config.js';
import { LambdaDispatcher, resolveFunctionNames } from './LambdaDispatcher.js';

/** The ports over one AWS region, and what they were built on. */
interface AwsPorts {
  keys: AwsKeyService;
  secrets: AwsSecretStore;
  /** The sweep lock (an alias, AwsAliasSweepLock.ts). */
  lock: AwsAliasSweepLock;
  clock: Clock;
  clients: AwsClients;
  caller: AwsCaller;
}

/** Options of {@link awsPorts}. */
interface AwsPortsOptions {
  /** The clock the domain reads (expiries, leads). Default system time. */
  now?: () => Date;
  /** Pacing and retry tuning of every call. */
  caller?: AwsCallerOptions;
  /** Clients built already (a warm Lambda keeps them); default built from `config`. */
  clients?: AwsClients;
}

/**
 * The ports over AWS for `config`.
 *
 * @example
 * const { keys, secrets, lock, clock } = awsPorts(resolveAwsConfig(process.env));
 */
function awsPorts(config: AwsCloudConfig, options: AwsPortsOptions = {}): AwsPorts {
  const clients = options.clients ?? createAwsClients(config);
  const caller = new AwsCaller(options.caller);
  const clock: Clock = { now: options.now ?? ((): Date => new Date()) };
  const secrets = new AwsSecretStore(clients.secrets, caller);
  const keys = new AwsKeyService({ kms: clients.kms, caller, clock, secrets, wrappingKeySpec: config.wrappingKeySpec });
  return { keys, secrets, lock: new AwsAliasSweepLock(keys.aliases), clock, clients, caller };
}

/** What a Lambda invocation knows. */
interface AwsInvocation {
  env: EnvSource;
  logger: Logger;
  config: AwsCloudConfig;
}

/**
 * Where a stage function hands the next stage: Lambda async invoke when any `BYOK_FN_<STAGE>` is set (each stage
 * then runs in its own function), else the rest of the chain in this invocation.
 *
 * @example
 * const dispatcher = awsStageDispatcher(invocation, ports, { verifyProbe: true });
 */
function awsStageDispatcher(invocation: AwsInvocation, ports: AwsPorts, stageOptions: StageOptions): Dispatcher {
  const functionNames = resolveFunctionNames(invocation.env);
  if (Object.keys(functionNames).length === 0) {
    return new InProcessDispatcher({ keys: ports.keys, secrets: ports.secrets, clock: ports.clock, logger: invocation.logger, options: stageOptions });
  }
  return new LambdaDispatcher({
    lambda: ports.clients.lambda,
    caller: ports.caller,
    functionNames,
    onDispatched: (receipt) =>
      invocation.logger.info('stage.dispatched', {
        stage: receipt.stage,
        function_name: receipt.functionName,
        lambda_request_id: receipt.requestId,
        bytes: receipt.bytes,
      }),
  });
}

/**
 * The sweep's targets on AWS: none given = the function's own region (`ports`); each other region gets its own
 * clients with the same credentials. Fan-out hands keys to the fetch-parameters function, for the own region only,
 * and only when asked for and that function is configured.
 *
 * @example
 * const targets = awsRenewalTargets(invocation, ports, options.targets, { fanOut: options.fanout !== undefined });
 */
function awsRenewalTargets(invocation: AwsInvocation, ports: AwsPorts, specs: RenewalTargetSpec[] | undefined, opts: { fanOut: boolean; caller?: AwsCallerOptions }): RenewalTarget[] {
  const canFanOut = opts.fanOut && resolveFunctionNames(invocation.env)['fetch-parameters'] !== undefined;
  const own = invocation.config.region;
  return (specs ?? [undefined]).map((spec) => {
    const isOwn = spec === undefined || spec.region === own;
    const target = isOwn ? ports : awsPorts({ ...invocation.config, region: spec.region }, { now: ports.clock.now, ...(opts.caller !== undefined ? { caller: opts.caller } : {}) });
    const region = spec?.region ?? own;
    return {
      ...(region !== undefined ? { region } : {}),
      keys: target.keys,
      secrets: target.secrets,
      lock: target.lock,
      ...(canFanOut && isOwn ? { dispatcher: awsStageDispatcher(invocation, ports, {}) } : {}),
    };
  });
}

export { awsPorts, awsRenewalTargets, awsStageDispatcher };
export type { AwsInvocation, AwsPorts, AwsPortsOptions };
