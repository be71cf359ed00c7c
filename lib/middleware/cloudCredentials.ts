import type { MiddlewareObj } from '@middy/core';
import type { FunctionGraphContext } from '../functiongraph/context.js';
import { CredentialsUnavailableError, MiddlewareSetupError } from './errors.js';
import { internalOf } from './types.js';
import type { CloudCredentials, RequestLike } from './types.js';
import { withDefaults } from './withDefaults.js';

/** Options of {@link cloudCredentials}. */
interface CloudCredentialsOptions {
  /**
   * The process environment, handed in by the function's config module (lib/ never reads `process.env`). Read for
   * `RUNTIME_PROJECT_ID` (preset by FunctionGraph) and as a fallback for `BYOK_REGION` / `BYOK_KMS_ENDPOINT`.
   */
  env?: Readonly<Record<string, string | undefined>>;
}

const defaults = { env: {} } satisfies CloudCredentialsOptions;

const agencyAdvice =
  'give the function an execution agency (app_xrole, type "Cloud service → FunctionGraph") allowed to use KMS ' +
  'and CSMS; FunctionGraph then hands its temporary credentials to every invocation (changes take ~10 minutes)';

const projectAdvice =
  'FunctionGraph presets RUNTIME_PROJECT_ID; pass the process environment to cloudCredentials({ env }) ' +
  'or set it when running outside FunctionGraph';

/** Calls a context getter by name, tolerating contexts that lack it; empty or non-string results give undefined. */
function read(context: unknown, getter: keyof FunctionGraphContext, arg?: string): string | undefined {
  const method = (context as Record<string, unknown> | null | undefined)?.[getter];
  if (typeof method !== 'function') return undefined;
  let value: unknown;
  try {
    value = method.call(context, arg);
  } catch {
    // A runtime without an agency may throw rather than return '': same meaning, "not configured".
    return undefined;
  }
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Reads the execution agency's temporary credentials (`getSecurityAccessKey/SecretKey/Token`), the project
 * (`getProjectID()`, else `RUNTIME_PROJECT_ID`) and the region (user data `BYOK_REGION`) from the FunctionGraph
 * context into `request.internal.byokCredentials`. Missing credentials or project throw
 * {@link CredentialsUnavailableError} (`BYOK.NO_CREDENTIALS`) saying what to configure; values never appear in it.
 *
 * @example
 * middy(useCase).use(cloudCredentials({ env: process.env })); // in functions/, where env may be read
 */
function cloudCredentials(opts: CloudCredentialsOptions = {}): MiddlewareObj<unknown, unknown> {
  const { env } = withDefaults(defaults, opts);

  const cloudCredentialsBefore = (request: RequestLike): void => {
    const context = request.context;
    const ak = read(context, 'getSecurityAccessKey');
    const sk = read(context, 'getSecuritySecretKey');
    if (ak === undefined || sk === undefined) {
      const missing = [
        ...(ak === undefined ? ['getSecurityAccessKey()'] : []),
        ...(sk === undefined ? ['getSecuritySecretKey()'] : []),
      ];
      throw new CredentialsUnavailableError(missing, agencyAdvice);
    }
    const projectId = read(context, 'getProjectID') ?? nonEmpty(env['RUNTIME_PROJECT_ID']);
    if (projectId === undefined) {
      throw new CredentialsUnavailableError(['getProjectID()', 'RUNTIME_PROJECT_ID'], projectAdvice);
    }
    const securityToken = read(context, 'getSecurityToken');
    const region = read(context, 'getUserData', 'BYOK_REGION') ?? nonEmpty(env['BYOK_REGION']);
    const endpoint = read(context, 'getUserData', 'BYOK_KMS_ENDPOINT') ?? nonEmpty(env['BYOK_KMS_ENDPOINT']);
    const credentials: CloudCredentials = {
      ak,
      sk,
      projectId,
      ...(securityToken !== undefined && { securityToken }),
      ...(region !== undefined && { region }),
      ...(endpoint !== undefined && { endpoint }),
    };
    internalOf(request).byokCredentials = Object.freeze(credentials);
  };

  return { before: cloudCredentialsBefore, after: undefined, onError: undefined };
}

/** The invocation's cloud credentials; throws when `cloudCredentials` is not installed (a wiring bug). */
function getCredentials(request: RequestLike): CloudCredentials {
  const credentials = internalOf(request).byokCredentials;
  if (credentials === undefined) {
    throw new MiddlewareSetupError('cloudCredentials() must be used before anything that asks for credentials');
  }
  return credentials;
}

export { cloudCredentials, getCredentials };
export type { CloudCredentialsOptions };
