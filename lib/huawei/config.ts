/**
 * Credentials and endpoint for Huawei Cloud, from an environment object or a FunctionGraph context.
 * Pure functions: the caller passes `process.env` (or the function's user data) in; nothing here reads
 * the process environment. Precedence: `BYOK_KMS_ENDPOINT` > the endpoint derived from `BYOK_REGION`;
 * for FunctionGraph, context methods > user data > environment.
 */
import { ConfigError } from '../errors/index.js';
import { SecretValue } from '../domain/SecretValue.js';
import type { FunctionGraphContext } from '../functiongraph/context.js';

/** An environment-like bag (`process.env`, user data). */
type EnvSource = Readonly<Record<string, string | undefined>>;

/** The parts of a FunctionGraph context that carry credentials and settings. */
type FunctionGraphCredentialSource = Pick<
  FunctionGraphContext,
  'getSecurityAccessKey' | 'getSecuritySecretKey' | 'getSecurityToken' | 'getProjectID'
> &
  Partial<Pick<FunctionGraphContext, 'getUserData'>>;

/** Everything a client needs to sign and address requests. KMS and CSMS share the endpoint. */
interface HuaweiCloudConfig {
  ak: string;
  sk: SecretValue;
  /** Required with temporary credentials (agency / STS). */
  securityToken?: SecretValue;
  /** The 32-char IAM project id of the region. */
  projectId: string;
  /** `cn-north-4`, ...; `undefined` when only an endpoint override was given for a non-Huawei host. */
  region?: string;
  /** `https://kms.<region>.myhuaweicloud.com` or the override (also the emulator's URL). */
  endpoint: string;
}

const EnvVar = {
  Ak: 'HUAWEICLOUD_SDK_AK',
  Sk: 'HUAWEICLOUD_SDK_SK',
  ProjectId: 'HUAWEICLOUD_SDK_PROJECT_ID',
  SecurityToken: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
  Region: 'BYOK_REGION',
  Endpoint: 'BYOK_KMS_ENDPOINT',
  RuntimeProjectId: 'RUNTIME_PROJECT_ID',
} as const;

const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,3}$/;
const HUAWEI_HOST = /^kms\.([a-z0-9-]+)\.myhuaweicloud\.(com|eu)$/;

function read(env: EnvSource, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** True for a region id such as `cn-north-4`. */
function isRegionId(value: string): boolean {
  return REGION.test(value);
}

/**
 * The KMS (and CSMS) endpoint of a region.
 *
 * @example
 * kmsEndpointForRegion('eu-west-101') // 'https://kms.eu-west-101.myhuaweicloud.eu'
 */
function kmsEndpointForRegion(region: string): string {
  if (!isRegionId(region)) {
    throw new ConfigError(`${EnvVar.Region} "${region}" is not a region id such as cn-north-4`, [EnvVar.Region]);
  }
  // The one region outside .com, per the SDKs' KmsRegion/CsmsRegion tables.
  return region === 'eu-west-101' ? `https://kms.${region}.myhuaweicloud.eu` : `https://kms.${region}.myhuaweicloud.com`;
}

/** 127.0.0.0/8, ::1 and localhost: the only hosts plain HTTP may reach (the embedded cloud). */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Validates an endpoint override (`variable` names it in errors) and strips a trailing slash; `http:` is accepted
 * for loopback hosts only.
 */
function normaliseEndpoint(value: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${variable} "${value}" is not a URL such as https://kms.cn-north-4.myhuaweicloud.com`, [variable]);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`${variable} must be a plain http(s) URL without credentials, query or fragment`, [variable]);
  }
  // Over plain HTTP, CSMS answers secret values (key material) in clear and the signed headers can be replayed:
  // only the embedded cloud on this machine may be reached that way.
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(
      `${variable} uses plain http:// for a host that is not this machine: secrets would cross the network in clear; use https://`,
      [variable],
    );
  }
  return url.toString().replace(/\/+$/, '');
}

function endpointAndRegion(region: string | undefined, override: string | undefined): Pick<HuaweiCloudConfig, 'endpoint' | 'region'> {
  if (region) kmsEndpointForRegion(region); // validates the region id even when an override wins
  if (override) {
    const endpoint = normaliseEndpoint(override, EnvVar.Endpoint);
    const fromHost = HUAWEI_HOST.exec(new URL(endpoint).hostname)?.[1];
    const known = region ?? fromHost;
    return known ? { endpoint, region: known } : { endpoint };
  }
  if (!region) throw new ConfigError('internal: region missing', [EnvVar.Region]);
  return { endpoint: kmsEndpointForRegion(region), region };
}

function build(parts: {
  ak?: string | undefined;
  sk?: string | undefined;
  token?: string | undefined;
  projectId?: string | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
  names: { ak: string; sk: string; projectId: string; token?: string };
  hint: string;
}): HuaweiCloudConfig {
  const missing: string[] = [];
  if (!parts.ak) missing.push(parts.names.ak);
  if (!parts.sk) missing.push(parts.names.sk);
  // Agency credentials are temporary: without their token every call fails (docs/huawei-api.md#credentials-and-project).
  if (parts.names.token && !parts.token) missing.push(parts.names.token);
  if (!parts.projectId) missing.push(parts.names.projectId);
  if (!parts.region && !parts.endpoint) missing.push(`${EnvVar.Region} (or ${EnvVar.Endpoint})`);
  if (missing.length > 0 || !parts.ak || !parts.sk || !parts.projectId) {
    throw new ConfigError(`Huawei Cloud is not fully configured: set ${missing.join(', ')}${parts.hint}`, missing);
  }
  return {
    ak: parts.ak,
    sk: new SecretValue(parts.sk),
    ...(parts.token ? { securityToken: new SecretValue(parts.token) } : {}),
    projectId: parts.projectId,
    ...endpointAndRegion(parts.region, parts.endpoint),
  };
}

/**
 * Reads `HUAWEICLOUD_SDK_AK/SK/PROJECT_ID[/SECURITY_TOKEN]`, `BYOK_REGION` and `BYOK_KMS_ENDPOINT`.
 * Throws a {@link ConfigError} naming every missing variable.
 *
 * @example
 * const config = resolveHuaweiConfig(process.env);
 */
function resolveHuaweiConfig(env: EnvSource): HuaweiCloudConfig {
  return build({
    ak: read(env, EnvVar.Ak),
    sk: read(env, EnvVar.Sk),
    token: read(env, EnvVar.SecurityToken),
    projectId: read(env, EnvVar.ProjectId),
    region: read(env, EnvVar.Region),
    endpoint: read(env, EnvVar.Endpoint),
    names: { ak: EnvVar.Ak, sk: EnvVar.Sk, projectId: EnvVar.ProjectId },
    hint: '',
  });
}

/**
 * Config inside FunctionGraph: the execution agency's temporary AK/SK/token from the context, the
 * project from `getProjectID()` or `RUNTIME_PROJECT_ID`, region/endpoint from user data or `env`.
 */
function resolveFunctionGraphConfig(context: FunctionGraphCredentialSource, env: EnvSource): HuaweiCloudConfig {
  const userData = (name: string): string | undefined => context.getUserData?.(name)?.trim() || read(env, name);
  const call = (fn: (() => string) | undefined): string | undefined => fn?.call(context)?.trim() || undefined;
  return build({
    ak: call(context.getSecurityAccessKey),
    sk: call(context.getSecuritySecretKey),
    token: call(context.getSecurityToken),
    projectId: call(context.getProjectID) ?? read(env, EnvVar.RuntimeProjectId),
    region: userData(EnvVar.Region),
    endpoint: userData(EnvVar.Endpoint),
    names: {
      ak: 'context.getSecurityAccessKey()',
      sk: 'context.getSecuritySecretKey()',
      token: 'context.getSecurityToken()',
      projectId: `context.getProjectID() (or ${EnvVar.RuntimeProjectId})`,
    },
    hint: '; temporary credentials appear only when the function has an execution agency (app_xrole)',
  });
}

/**
 * Whether the user configured Huawei Cloud at all (AK or SK present). The CLI falls back to the
 * embedded cloud when not; a partial configuration is *configured* and then fails with a clear error.
 */
function hasCloudCredentials(env: EnvSource): boolean {
  return read(env, EnvVar.Ak) !== undefined || read(env, EnvVar.Sk) !== undefined;
}

export { EnvVar, hasCloudCredentials, isLoopbackHost, isRegionId, kmsEndpointForRegion, normaliseEndpoint, resolveFunctionGraphConfig, resolveHuaweiConfig };
export type { EnvSource, FunctionGraphCredentialSource, HuaweiCloudConfig };
