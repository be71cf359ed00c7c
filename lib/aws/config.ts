/**
 * Where and how to reach AWS, from an environment object. Pure: the caller passes `process.env` in. Credentials are
 * not read here: the SDK's default chain finds them (environment, shared profile, SSO, the Lambda role), and so the
 * region when none is set here (AWS_REGION, then the profile's).
 */
import { ConfigError } from '../errors/index.js';

/** An environment-like bag (`process.env`, a test's object). */
type EnvSource = Readonly<Record<string, string | undefined>>;

/** RSA wrapping keys AWS offers for an import (GetParametersForImport's WrappingKeySpec). */
const WrappingKeySpec = { Rsa2048: 'RSA_2048', Rsa3072: 'RSA_3072', Rsa4096: 'RSA_4096' } as const;
type WrappingKeySpec = (typeof WrappingKeySpec)[keyof typeof WrappingKeySpec];

/** What the AWS clients and adapters need. */
interface AwsCloudConfig {
  /** `eu-west-1`, ...; `undefined`: the SDK's own region chain decides. */
  region?: string;
  /** One endpoint for KMS, Secrets Manager and Lambda (a local stand-in of AWS); default AWS's own. */
  endpoint?: string;
  /**
   * The wrapping key asked for at each import. Default RSA_2048: the stage events carry RSA-2048-wrapped material
   * (lib/stages/schemas.ts), and AWS accepts it for RSAES_OAEP_SHA_256 of AES-256 material (docs/aws.md#wrapping).
   */
  wrappingKeySpec: WrappingKeySpec;
}

const AwsEnvVar = {
  Region: 'AWS_REGION',
  DefaultRegion: 'AWS_DEFAULT_REGION',
  Endpoint: 'BYOK_AWS_ENDPOINT',
  WrappingKeySpec: 'BYOK_AWS_WRAPPING_KEY_SPEC',
} as const;

const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,3}$/;

function read(env: EnvSource, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** True for an AWS region id such as `eu-west-1`. */
function isAwsRegion(value: string): boolean {
  return REGION.test(value);
}

/**
 * Reads `AWS_REGION` (or `AWS_DEFAULT_REGION`), `BYOK_AWS_ENDPOINT` and `BYOK_AWS_WRAPPING_KEY_SPEC`.
 *
 * @throws {ConfigError} naming the variable that is malformed (its value is not echoed)
 * @example
 * const config = resolveAwsConfig(process.env); // { region: 'eu-west-1', wrappingKeySpec: 'RSA_2048' }
 */
function resolveAwsConfig(env: EnvSource): AwsCloudConfig {
  const region = read(env, AwsEnvVar.Region) ?? read(env, AwsEnvVar.DefaultRegion);
  if (region !== undefined && !isAwsRegion(region)) {
    throw new ConfigError(`${AwsEnvVar.Region} is not an AWS region id such as eu-west-1`, [AwsEnvVar.Region]);
  }
  const endpoint = read(env, AwsEnvVar.Endpoint);
  if (endpoint !== undefined && !/^https?:\/\/[^\s/@]+(\/[^\s@?#]*)?$/.test(endpoint)) {
    throw new ConfigError(`${AwsEnvVar.Endpoint} must be a plain http(s) URL without credentials, query or fragment`, [AwsEnvVar.Endpoint]);
  }
  const spec = read(env, AwsEnvVar.WrappingKeySpec) ?? WrappingKeySpec.Rsa2048;
  if (!(Object.values(WrappingKeySpec) as string[]).includes(spec)) {
    throw new ConfigError(`${AwsEnvVar.WrappingKeySpec} must be one of ${Object.values(WrappingKeySpec).join(', ')}`, [AwsEnvVar.WrappingKeySpec]);
  }
  return {
    ...(region !== undefined ? { region } : {}),
    ...(endpoint !== undefined ? { endpoint: endpoint.replace(/\/+$/, '') } : {}),
    wrappingKeySpec: spec as WrappingKeySpec,
  };
}

export { AwsEnvVar, WrappingKeySpec, isAwsRegion, resolveAwsConfig };
export type { AwsCloudConfig, EnvSource };
