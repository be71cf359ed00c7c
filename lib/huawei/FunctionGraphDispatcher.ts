/**
 * The cloud's {@link Dispatcher}: hands a stage's output to the next stage's FunctionGraph function by
 * asynchronous invocation (`asyncInvokeFunction` of `@huaweicloud/huaweicloud-sdk-functiongraph`,
 * `POST /v2/{project_id}/fgs/functions/{function_urn}/invocations-async` → 202;
 * docs/huawei-api.md#asynchronous-invocation). An adapter like those in lib/huawei, so it may import the SDK;
 * the domain only sees the `Dispatcher` port.
 *
 * Hygiene, as for the KMS client: the SDK's log4js is silenced (it prints Authorization and security
 * tokens of failed requests), the SDK never throws on a status (its exceptions hold the axios config),
 * each request has a timeout and a custom user agent, and `X-Sdk-Date` comes from the injected clock
 * (the embedded cloud's clock may be virtual). Every event is checked before sending (checkStageEvent).
 */
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import type { HcClient, HttpRequestOptions } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import { FunctionGraphClient } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/FunctionGraphClient.js';
import { AsyncInvokeFunctionRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/AsyncInvokeFunctionRequest.js';
import { CloudApiError, ConfigError, isCloudApiError } from '../errors/index.js';
import type { HuaweiCloudConfig } from './config.js';
import { errorFromNetwork, errorFromResponse } from './errorMapping.js';
import { sdkDate } from './HuaweiTransport.js';
import type { OperationSpec } from './operations.js';
import { createRequestHooks } from './requestHooks.js';
import { silenceSdkLogging } from './sdkLogging.js';
import { BYOK_USER_AGENT } from './userAgent.js';
import type { Dispatcher, StageName } from '../ports/index.js';
import { DEFAULT_BACKOFF, retryWithBackoff } from '../retry.js';
import type { BackoffOptions } from '../retry.js';
import type { EnvSource } from './config.js';
import { functionUrnVariable, resolveFgsEndpoint, resolveFunctionUrns } from './functionUrns.js';
import type { FunctionUrns } from './functionUrns.js';
import { checkStageEvent } from '../dispatch/stageEventGuard.js';

/** What one accepted dispatch reports (safe to log: no event content). */
interface DispatchReceipt {
  stage: StageName;
  functionUrn: string;
  /** FunctionGraph's `request_id` of the asynchronous invocation. */
  requestId: string | undefined;
  /** Size of the JSON body sent. */
  bytes: number;
}

/** Options of {@link FunctionGraphDispatcher}. */
interface FunctionGraphDispatcherOptions {
  /** Credentials and project (the same config the KMS client uses); its KMS `endpoint` is not used here. */
  config: HuaweiCloudConfig;
  /** FunctionGraph endpoint (`https://functiongraph.<region>.myhuaweicloud.com`, or the embedded cloud's URL). */
  endpoint: string;
  /** The function URN of each stage this function hands events to. */
  functionUrns: FunctionUrns;
  /** Per-attempt deadline. Default 10,000 ms. */
  timeoutMs?: number;
  /** The clock that signs requests. Default system time. */
  now?: () => Date;
  userAgent?: string;
  /** Backoff tuning plus injectable `sleep`/`random` (tests). */
  retry?: Partial<BackoffOptions> & { sleep?: (delayMs: number) => Promise<void>; random?: () => number };
  /** Called after each accepted invocation (for a log line). */
  onDispatched?: (receipt: DispatchReceipt) => void;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Not idempotent: a repeated async invoke runs the next stage twice. Only failures where FunctionGraph
 * certainly did not accept the event (429, connection refused) are retried.
 */
const asyncInvokeOperation: OperationSpec = {
  name: 'asyncInvokeFunction',
  method: 'POST',
  url: '/v2/{project_id}/fgs/functions/{function_urn}/invocations-async',
  idempotent: false,
  ambiguousAdvice:
    'the next stage may have been invoked: check its logs for this correlation id before invoking it again',
};

/** Dispatcher over FunctionGraph asynchronous invocation. */
class FunctionGraphDispatcher implements Dispatcher {
  // Private: the client holds the SK in clear, and util.inspect never shows `#` fields.
  readonly #client: FunctionGraphClient;
  readonly #options: FunctionGraphDispatcherOptions;
  readonly #backoff: BackoffOptions;

  constructor(options: FunctionGraphDispatcherOptions) {
    silenceSdkLogging();
    this.#options = options;
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.retry };
    const { config } = options;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const now = options.now ?? ((): Date => new Date());
    const credential = new BasicCredentials().withAk(config.ak).withSk(config.sk.reveal()).withProjectId(config.projectId);
    if (config.securityToken) credential.withSecurityToken(config.securityToken.reveal());
    this.#client = new ClientBuilder<FunctionGraphClient>((hc) => new FunctionGraphClient(stamped(hc, timeoutMs, now)))
      .withCredential(credential)
      .withEndpoint(options.endpoint)
      .withOptions({ customUserAgent: options.userAgent ?? BYOK_USER_AGENT, axiosRequestConfig: { validateStatus: () => true, timeout: timeoutMs } })
      .build();
  }

  /**
   * A dispatcher configured from the environment: `BYOK_FN_URN_<STAGE>` and `BYOK_FGS_ENDPOINT` or
   * `BYOK_REGION` (see functionUrns.ts). Throws a `ConfigError` naming a malformed variable.
   *
   * @example
   * const dispatcher = FunctionGraphDispatcher.fromEnv(resolveFunctionGraphConfig(context, process.env), process.env);
   */
  static fromEnv(
    config: HuaweiCloudConfig,
    env: EnvSource,
    options: Omit<FunctionGraphDispatcherOptions, 'config' | 'endpoint' | 'functionUrns'> = {},
  ): FunctionGraphDispatcher {
    return new FunctionGraphDispatcher({ ...options, config, endpoint: resolveFgsEndpoint(env), functionUrns: resolveFunctionUrns(env) });
  }

  /**
   * Checks `event` and invokes the stage's function asynchronously. Throws a `ConfigError` when the stage
   * has no URN, a `StageEventRejectedError` for an event that must not travel, a `CloudApiError` when
   * FunctionGraph refuses it.
   *
   * @example
   * await dispatcher.dispatch('wrap-material', { key_id, import_token, public_key, correlation_id });
   */
  async dispatch(stage: StageName, event: Record<string, unknown>): Promise<void> {
    const functionUrn = this.#options.functionUrns[stage];
    if (functionUrn === undefined) {
      const variable = functionUrnVariable(stage);
      throw new ConfigError(
        `no FunctionGraph function is configured for stage ${stage}: set ${variable} to its URN (urn:fss:<region>:<project_id>:function:<package>:<name>:latest)`,
        [variable],
      );
    }
    const text = checkStageEvent(stage, event);
    const requestId = await this.#invoke(functionUrn, text, stage);
    this.#options.onDispatched?.({ stage, functionUrn, requestId, bytes: Buffer.byteLength(text, 'utf8') });
  }

  /**
   * Invokes any function of this project asynchronously with `body` (the caller checked what it holds: no secret,
   * under 256 KB); answers FunctionGraph's request id. For a function that hands work to another invocation of
   * itself (the renewal sweep's continuations).
   *
   * @example
   * await dispatcher.invokeFunction(ownUrn, { user_event: JSON.stringify(options), correlation_id });
   */
  invokeFunction(functionUrn: string, body: Record<string, unknown>): Promise<string | undefined> {
    return this.#invoke(functionUrn, JSON.stringify(body));
  }

  async #invoke(functionUrn: string, text: string, stage?: StageName): Promise<string | undefined> {
    // Send a plain copy of exactly what was checked (a Date becomes its ISO string, undefined fields go).
    const body = JSON.parse(text) as Record<string, object>;
    const request = new AsyncInvokeFunctionRequest().withFunctionUrn(functionUrn).withBody(body);
    const answer = await retryWithBackoff(async () => this.#send(request, stage), {
      ...this.#backoff,
      shouldRetry: (error) => isCloudApiError(error) && error.retryable,
      ...(this.#options.retry?.sleep ? { sleep: this.#options.retry.sleep } : {}),
      ...(this.#options.retry?.random ? { random: this.#options.retry.random } : {}),
    });
    return answer.requestId;
  }

  async #send(request: AsyncInvokeFunctionRequest, stage: StageName | undefined): Promise<{ requestId: string | undefined }> {
    const response = (await this.#client.asyncInvokeFunction(request)) as unknown as Record<string, unknown>;
    const status = typeof response['httpStatusCode'] === 'number' ? response['httpStatusCode'] : 0;
    delete response['httpStatusCode'];
    if (status < 200 || status >= 300) {
      const error = errorFromResponse(asyncInvokeOperation, status, response);
      throw stage === undefined ? error : explained(error, stage);
    }
    const requestId = response['request_id'];
    return { requestId: typeof requestId === 'string' ? requestId : undefined };
  }
}

/**
 * Wraps the SDK's `HcClient.sendRequest` (which `asyncInvokeFunction` calls) to add what the generated
 * client cannot: `X-Sdk-Date` from our clock, a per-request deadline, no throwing on HTTP statuses, and
 * network failures reduced to their code (the SDK's exception carries the signed request).
 */
function stamped(hc: HcClient, timeoutMs: number, now: () => Date): HcClient {
  const send = hc.sendRequest.bind(hc);
  const sendStamped = async (options: HttpRequestOptions): Promise<never> => {
    const hooks = createRequestHooks(timeoutMs);
    const withStamp = {
      ...options,
      headers: { ...options.headers, 'X-Sdk-Date': sdkDate(now()) },
      axiosRequestConfig: hooks.axiosRequestConfig,
    };
    try {
      return (await send(withStamp as HttpRequestOptions)) as never;
    } catch (error) {
      throw errorFromNetwork(asyncInvokeOperation, hooks.networkCode(error));
    } finally {
      hooks.dispose();
    }
  };
  Object.defineProperty(hc, 'sendRequest', { value: sendStamped });
  return hc;
}

/** FunctionGraph's answers that mean "fix the configuration", said in terms of our variables. */
function explained(error: CloudApiError, stage: StageName): CloudApiError {
  const variable = functionUrnVariable(stage);
  const advice: Record<string, string> = {
    'FSS.0404': `the function in ${variable} does not exist in this project and region: check the URN (and its version or alias)`,
    'FSS.0403': `the caller may not invoke the function in ${variable}: grant the agency FunctionGraph invoke rights (functiongraph:function:invokeAsync)`,
    'FSS.0413': `the event for stage ${stage} is over FunctionGraph's 256 KB async limit`,
  };
  const hint = advice[error.code];
  if (hint === undefined) return error;
  return error.with({
    retryable: false,
    ambiguous: false,
    message: `asyncInvokeFunction failed: ${error.code} (HTTP ${error.httpStatus ?? '?'}). What to do: ${hint}.`,
  });
}

export { FunctionGraphDispatcher };
export type { DispatchReceipt, FunctionGraphDispatcherOptions };
