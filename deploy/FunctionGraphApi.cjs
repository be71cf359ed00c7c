'use strict';
/**
 * FunctionGraph as the deployment sees it: the official `@huaweicloud/huaweicloud-sdk-functiongraph` client,
 * signed by the official core, configured from the same variables as everything else (HUAWEICLOUD_SDK_AK/SK/
 * PROJECT_ID[/SECURITY_TOKEN], BYOK_REGION, BYOK_FGS_ENDPOINT) through lib/huawei/config.ts and
 * lib/huawei/functionUrns.ts.
 *
 * Hygiene as in lib/huawei: the SDK's log4js is silenced (it prints Authorization headers and security tokens),
 * the SDK never throws on an HTTP status (its exceptions hold the signed request), errors keep only
 * FunctionGraph's code and message, and only throttling (certainly not applied) is retried.
 */
const { FunctionGraphClient } = require('@huaweicloud/huaweicloud-sdk-functiongraph/v2/FunctionGraphClient');
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core');
const { DeployError } = require('./errors.cjs');
const { repoModules } = require('./repoModules.cjs');

const TIMEOUT_MS = 60_000;
const THROTTLE_ATTEMPTS = 4;

const ADVICE = Object.freeze({
  401: 'check HUAWEICLOUD_SDK_AK/SK (and HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary credentials)',
  403: 'the IAM user needs FunctionGraph rights on this project (see the README, Deployment)',
  500: 'FunctionGraph failed on its side; run the same command again: deploy completes whatever is missing',
});

class FunctionGraphApi {
  #client;

  /**
   * @param {{ env: Record<string, string | undefined>, region: string, sleep?: (ms: number) => Promise<void> }} options
   *   `region` (provider.region of serverless.yml) wins over BYOK_REGION.
   */
  constructor({ env, region, sleep }) {
    const { config, sdkLogging, functionUrns, userAgent } = repoModules();
    const merged = { ...env, BYOK_REGION: region };
    const resolved = wrapConfigError(() => config.resolveHuaweiConfig(merged));
    this.endpoint = wrapConfigError(() => functionUrns.resolveFgsEndpoint(merged, region));
    this.projectId = resolved.projectId;
    this.region = region;
    this.sleep = sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
    const credential = new BasicCredentials().withAk(resolved.ak).withSk(resolved.sk.reveal()).withProjectId(resolved.projectId);
    if (resolved.securityToken) credential.withSecurityToken(resolved.securityToken.reveal());
    this.#client = FunctionGraphClient.newBuilder()
      .withCredential(credential)
      .withEndpoint(this.endpoint)
      .withOptions({ customUserAgent: `${userAgent.BYOK_USER_AGENT} deploy`, axiosRequestConfig: { validateStatus: () => true, timeout: TIMEOUT_MS } })
      .build();
    sdkLogging.silenceSdkLogging();
  }

  /** `urn:fss:<region>:<project>:function:<package>:<name>:latest`, as FunctionGraph names a function's latest version. */
  functionUrn(functionPackage, name) {
    return `urn:fss:${this.region}:${this.projectId}:function:${functionPackage}:${name}:latest`;
  }

  /** `urn:smn:<region>:<project>:<topic>` for a topic name; a URN is kept as it is. */
  topicUrn(topic) {
    return topic.startsWith('urn:') ? topic : `urn:smn:${this.region}:${this.projectId}:${topic}`;
  }

  /**
   * Calls one SDK operation with a request keyed by wire names; answers the response body (without
   * `httpStatusCode`), or `undefined` for a 404 when `allowMissing`.
   *
   * @example
   * await api.call('showFunctionConfig', { function_urn: urn });
   */
  async call(operation, request, { allowMissing = false } = {}) {
    for (let attempt = 1; ; attempt++) {
      let response;
      try {
        response = await this.#client[operation](request);
      } catch (error) {
        // The SDK's exception holds the signed request: keep only the network code.
        const said = String(error?.message ?? '');
        const code =
          error?.code ?? /\b(E[A-Z]{4,})\b/.exec(said)?.[1] ?? (/timeout/i.test(said) ? 'timed out' : /hang up/i.test(said) ? 'connection dropped' : 'network error');
        throw new DeployError(
          `FunctionGraph ${operation} did not answer (${code}) at ${this.endpoint}. What to do: run the command again (deploy completes whatever is missing); if it keeps failing, check BYOK_REGION or BYOK_FGS_ENDPOINT and the network.`,
          { code },
        );
      }
      const status = response.httpStatusCode;
      delete response.httpStatusCode;
      if (status >= 200 && status < 300) return response;
      if (status === 404 && allowMissing) return undefined;
      if (status === 429 && attempt < THROTTLE_ATTEMPTS) {
        await this.sleep(500 * 2 ** attempt);
        continue;
      }
      throw failure(operation, status, response);
    }
  }
}

function failure(operation, status, body) {
  const code = body?.error_code ?? body?.error?.code ?? `HTTP.${status}`;
  const said = String(body?.error_msg ?? body?.error?.message ?? '').slice(0, 200).replace(/[.\s]+$/, '');
  const advice = ADVICE[status] ?? (status >= 500 ? ADVICE[500] : 'fix what FunctionGraph says and run the command again');
  return new DeployError(`FunctionGraph ${operation} failed: ${code} (HTTP ${status})${said ? `: ${said}` : ''}. What to do: ${advice}.`, { code });
}

/** The repository's ConfigError (it names the variables to set) as the plugin's error. */
function wrapConfigError(read) {
  try {
    return read();
  } catch (error) {
    if (error?.name !== 'ConfigError') throw error;
    throw new DeployError(`${error.message} (deploy reads the same variables as the byok command; see the README, Deployment)`, {
      code: 'BYOK_DEPLOY_CREDENTIALS',
      fields: error.variables ?? [],
    });
  }
}

module.exports = { FunctionGraphApi };
