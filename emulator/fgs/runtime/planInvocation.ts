/**
 * Turns a deployed function's configuration into one run's plan: its unpacked folder (per function and digest,
 * beside the data file), its user data (plain and encrypted, as `getUserData` and the environment see them), the
 * agency credentials FunctionGraph hands the function, the clock offset and the timeout.
 *
 * Credentials: a function with an agency (`app_xrole`, else `xrole`, as FunctionGraph falls back) gets fresh
 * temporary AK/SK/security token valid 24 h on the emulator clock, usable against the emulator's KMS and CSMS, and
 * an opaque IAM token (the emulator takes no `X-Auth-Token`); a function without one gets empty strings.
 */
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { ServiceContext, ServiceHost } from '../../types.js';
import { FgsLimits, cpuForMemory } from '../constants.js';
import type { FunctionRow } from '../store/FunctionStore.js';
import { functionLogPath } from './functionLog.js';
import type { ContextCredential, InvocationPlan } from './FunctionRunner.js';

/** Agency credentials are valid 24 h (Huawei: "valid 24 h, cached 10 min"). */
const AGENCY_CREDENTIAL_SECONDS = 86_400;
/** Clock differences smaller than this are the real clock's own drift between two reads. */
const REAL_CLOCK_SLACK_MS = 1000;

/** The folder beside the data file that holds functions' code and logs: `.byok/emulator.db` → `.byok/emulator.fgs`. */
function functionsRoot(dataFile: string): string {
  return join(dirname(dataFile), `${basename(dataFile).replace(/\.[^.]*$/, '')}.fgs`);
}

function parseJsonObject(text: string | null): Record<string, string> {
  return text === null ? {} : (JSON.parse(text) as Record<string, string>);
}

function agencyCredential(ctx: ServiceContext, host: ServiceHost, row: FunctionRow): ContextCredential {
  if ((row.app_xrole ?? row.xrole ?? '') === '') return { access: '', secret: '', securityToken: '', authToken: '' };
  const issued = host.issueCredential(ctx, AGENCY_CREDENTIAL_SECONDS);
  return { access: issued.access, secret: issued.secret, securityToken: issued.securitytoken, authToken: `MII${randomBytes(96).toString('base64')}` };
}

/** Builds the plan of one run. Call inside a transaction (it may issue credentials). */
function planInvocation(
  ctx: ServiceContext,
  host: ServiceHost,
  row: FunctionRow,
  run: { requestId: string; event: string; sync: boolean },
): InvocationPlan {
  const root = functionsRoot(host.dataFile);
  const timeoutSeconds = run.sync ? Math.min(row.timeout, FgsLimits.syncTimeoutMaxSeconds) : row.timeout;
  const offset = ctx.clock.now().getTime() - Date.now();
  return {
    requestId: run.requestId,
    name: row.func_name,
    packageName: row.package,
    projectId: row.project_id,
    handler: row.handler,
    memoryMb: row.memory_size,
    cpu: cpuForMemory(row.memory_size),
    timeoutSeconds: row.timeout,
    timeoutMs: timeoutSeconds * 1000,
    codeDir: join(root, 'code', row.package, row.func_name, row.digest.slice(0, 16)),
    event: run.event,
    userData: { ...parseJsonObject(row.user_data), ...parseJsonObject(row.encrypted_user_data) },
    userDataInEnv: ctx.config.fgs_user_data_env === 'set',
    credential: agencyCredential(ctx, host, row),
    clockOffsetMs: Math.abs(offset) < REAL_CLOCK_SLACK_MS ? 0 : offset,
    logFile: functionLogPath(root, row.package, row.func_name),
    homeDir: join(root, 'home', row.package, row.func_name),
  };
}

export { functionsRoot, planInvocation };
