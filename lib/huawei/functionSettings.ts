/**
 * A function's settings for one invocation. FunctionGraph documents user data (the function's "environment
 * variables") as read with `context.getUserData(key)` (docs/huawei-api.md#handler-and-context); whether it also
 * lands in `process.env` is not documented. So every setting byok-keeper reads in a function is taken from the
 * context first and from the environment only when the context has no value for it. Pure: the caller hands in
 * the environment.
 */
import type { FunctionGraphContext } from '../functiongraph/context.js';
import { StageName } from '../ports/index.js';
import { EnvVar } from './config.js';
import type { EnvSource } from './config.js';
import { FGS_ENDPOINT_VARIABLE, functionUrnVariable } from './functionUrns.js';

/** Settings read per invocation besides the stage URNs. */
const FunctionSetting = {
  Region: EnvVar.Region,
  KmsEndpoint: EnvVar.Endpoint,
  FgsEndpoint: FGS_ENDPOINT_VARIABLE,
  VerifyProbe: 'BYOK_VERIFY_PROBE',
  LogLevel: 'BYOK_LOG_LEVEL',
} as const;

/** Every user data name a function reads: the settings above and `BYOK_FN_URN_<STAGE>` for every stage. */
const SETTING_NAMES: readonly string[] = [...Object.values(FunctionSetting), ...Object.values(StageName).map(functionUrnVariable)];

/** The part of the context that carries user data; a context without `getUserData` reads the environment only. */
type UserDataSource = Partial<Pick<FunctionGraphContext, 'getUserData'>>;

function userDataOf(context: UserDataSource, name: string): string | undefined {
  try {
    const value = context.getUserData?.(name);
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  } catch {
    // A runtime that throws for an unknown key means the same as "not set".
    return undefined;
  }
}

/**
 * The environment with each setting byok-keeper reads replaced by the function's user data where it has one.
 *
 * @example
 * const settings = functionSettings(context, process.env);
 * resolveFunctionUrns(settings); // BYOK_FN_URN_* from getUserData, else from process.env
 */
function functionSettings(context: UserDataSource, env: EnvSource): EnvSource {
  const fromUserData: Record<string, string> = {};
  for (const name of SETTING_NAMES) {
    const value = userDataOf(context, name);
    if (value !== undefined) fromUserData[name] = value;
  }
  return Object.freeze({ ...env, ...fromUserData });
}

export { FunctionSetting, functionSettings };
