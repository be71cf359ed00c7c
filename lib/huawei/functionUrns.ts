/**
 * Where each stage runs in the cloud: one FunctionGraph function URN per stage, from
 * `BYOK_FN_URN_<STAGE>` (`BYOK_FN_URN_FETCH_PARAMETERS`, ...), and the FunctionGraph endpoint
 * (`BYOK_FGS_ENDPOINT`, else derived from `BYOK_REGION`). Pure: the caller passes the environment in.
 */
import { ConfigError } from '../errors/index.js';
import { StageName } from '../ports/index.js';
import { isRegionId, normaliseEndpoint } from './config.js';
import type { EnvSource } from './config.js';

/** A function URN per stage; a stage without one cannot be dispatched to. */
type FunctionUrns = Partial<Record<StageName, string>>;

/** `create-key` → `BYOK_FN_URN_CREATE_KEY`. */
function functionUrnVariable(stage: StageName): string {
  return `BYOK_FN_URN_${stage.toUpperCase().replace(/-/g, '_')}`;
}

const FGS_ENDPOINT_VARIABLE = 'BYOK_FGS_ENDPOINT';
const REGION_VARIABLE = 'BYOK_REGION';

/** `urn:fss:<region>:<project>:function:<package>:<name>[:<version|alias>]`. */
const FUNCTION_URN =
  /^urn:fss:[a-z]{2,4}(?:-[a-z]+)+-\d{1,3}:[A-Za-z0-9]{1,64}:function:[A-Za-z0-9_-]{1,64}:[A-Za-z][A-Za-z0-9_-]{0,63}(?::[A-Za-z0-9_.-]{1,64})?$/;

/** True for a FunctionGraph function URN. */
function isFunctionUrn(value: string): boolean {
  return FUNCTION_URN.test(value);
}

/**
 * Reads every `BYOK_FN_URN_<STAGE>` that is set. A set but malformed value throws a {@link ConfigError}
 * naming the variable (the value is not echoed: it is configuration, but a pasted secret would be too).
 *
 * @example
 * resolveFunctionUrns(process.env)['fetch-parameters'] // 'urn:fss:cn-north-4:…:function:default:byok-fetch-parameters:latest'
 */
function resolveFunctionUrns(env: EnvSource): FunctionUrns {
  const urns: FunctionUrns = {};
  for (const stage of Object.values(StageName)) {
    const variable = functionUrnVariable(stage);
    const value = env[variable]?.trim();
    if (value === undefined || value === '') continue;
    if (!isFunctionUrn(value)) {
      throw new ConfigError(
        `${variable} is not a FunctionGraph function URN (urn:fss:<region>:<project_id>:function:<package>:<name>[:<version>])`,
        [variable],
      );
    }
    urns[stage] = value;
  }
  return urns;
}

/**
 * The FunctionGraph endpoint: `BYOK_FGS_ENDPOINT` when set (the embedded cloud serves FunctionGraph on its
 * one URL), else `https://functiongraph.<region>.myhuaweicloud.com` (`.eu` for eu-west-101), the region being
 * `BYOK_REGION` or, when that is unset, `region` (e.g. the one the KMS config resolved from user data).
 */
function resolveFgsEndpoint(env: EnvSource, region?: string): string {
  const override = env[FGS_ENDPOINT_VARIABLE]?.trim();
  if (override) return normaliseEndpoint(override, FGS_ENDPOINT_VARIABLE);
  const chosen = env[REGION_VARIABLE]?.trim() || region;
  if (!chosen || !isRegionId(chosen)) {
    throw new ConfigError(`set ${REGION_VARIABLE} (e.g. cn-north-4) or ${FGS_ENDPOINT_VARIABLE}`, [REGION_VARIABLE, FGS_ENDPOINT_VARIABLE]);
  }
  const domain = chosen === 'eu-west-101' ? 'myhuaweicloud.eu' : 'myhuaweicloud.com';
  return `https://functiongraph.${chosen}.${domain}`;
}

export { FGS_ENDPOINT_VARIABLE, functionUrnVariable, isFunctionUrn, resolveFgsEndpoint, resolveFunctionUrns };
export type { FunctionUrns };
