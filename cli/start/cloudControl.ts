/**
 * What `byok start` asks of the embedded cloud besides KMS and CSMS, through the same signed transport: waiting
 * for FunctionGraph's queue (`POST /_emulator/fgs/drain`), a function's log (`GET /_emulator/fgs/logs`), the
 * emulator's switches, and pausing or resuming a TIMER trigger with FunctionGraph's own trigger API.
 */
import type { HuaweiTransport } from '../../lib/huawei/HuaweiTransport.js';

/** Longest wait for the queue; a renewal sweep of a dozen keys takes about a second. */
const DRAIN_SECONDS = 120;

interface TriggerWire {
  trigger_id?: string;
  trigger_type_code?: string;
  trigger_status?: string;
}

/** Resolves once no function is queued or running (chains and triggered runs included). */
async function drainFunctions(transport: HuaweiTransport): Promise<void> {
  await transport.call(
    { name: 'drainFunctions', method: 'POST', url: '/_emulator/fgs/drain', idempotent: true },
    { body: { timeout_seconds: DRAIN_SECONDS } },
    () => undefined,
  );
}

/** The lines of a function's log stamped at or after `since` (the LTS stand-in). */
async function functionLogLines(transport: HuaweiTransport, functionName: string, since: Date): Promise<string[]> {
  return transport.call(
    { name: 'functionLog', method: 'GET', url: '/_emulator/fgs/logs', idempotent: true },
    { query: { function: functionName, since: since.toISOString() } },
    (body) => ((body as { lines?: unknown }).lines as string[] | undefined) ?? [],
  );
}

/** How long after its expiry the embedded cloud deletes material (the `expiry_deletion_delay_seconds` switch). */
async function expiryDeletionDelaySeconds(transport: HuaweiTransport): Promise<number> {
  return transport.call(
    { name: 'emulatorConfig', method: 'GET', url: '/_emulator/config', idempotent: true },
    {},
    (body) => Number((body as { expiry_deletion_delay_seconds?: unknown }).expiry_deletion_delay_seconds ?? 3600),
  );
}

/** Sets the status of the function's TIMER triggers (`ACTIVE` or `DISABLED`) with FunctionGraph's update-trigger. */
async function setTimerStatus(transport: HuaweiTransport, functionUrn: string, status: 'ACTIVE' | 'DISABLED'): Promise<void> {
  const triggers = await transport.call(
    { name: 'listFunctionTriggers', method: 'GET', url: '/v2/{project_id}/fgs/triggers/{function_urn}', idempotent: true },
    { pathParams: { function_urn: functionUrn } },
    (body) => (Array.isArray(body) ? (body as TriggerWire[]) : []),
  );
  for (const trigger of triggers) {
    if (trigger.trigger_type_code !== 'TIMER' || trigger.trigger_id === undefined || trigger.trigger_status === status) continue;
    await transport.call(
      { name: 'updateTrigger', method: 'PUT', url: '/v2/{project_id}/fgs/triggers/{function_urn}/TIMER/{trigger_id}', idempotent: true },
      { pathParams: { function_urn: functionUrn, trigger_id: trigger.trigger_id }, body: { trigger_status: status } },
      () => undefined,
    );
  }
}

export { drainFunctions, expiryDeletionDelaySeconds, functionLogLines, setTimerStatus };
