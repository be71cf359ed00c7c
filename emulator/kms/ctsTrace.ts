/**
 * CTS traces of KMS write operations, published as cloud events so CTS triggers reach subscribed functions
 * (operations such as `KMS:cmk:createKey;deleteImportedKeyMaterial`). Only successful calls are traced here (a
 * failed one rolls back, and publishes nothing). The trace is CTS's record shape: `{time, user, request,
 * response, code, service_type:"KMS", resource_type:"cmk", resource_name, resource_id, trace_name, trace_type,
 * record_time, trace_id, trace_status}`, times in epoch ms.
 *
 * Secrets never travel in a trace: `request` carries only the key id (and the alias for alias operations),
 * `response` only for operations whose answer holds no token or material (create-key's `key_info`, state changes).
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorResponse } from '../types.js';
import type { KmsCall } from './KmsCall.js';

/** `METHOD path-after-/kms/` → CTS trace name, for the KMS operations CTS records. */
const TRACED: Readonly<Record<string, { trace: string; keepResponse: boolean }>> = {
  'POST create-key': { trace: 'createKey', keepResponse: true },
  'POST enable-key': { trace: 'enableKey', keepResponse: true },
  'POST disable-key': { trace: 'disableKey', keepResponse: true },
  'POST schedule-key-deletion': { trace: 'scheduleKeyDeletion', keepResponse: true },
  'POST cancel-key-deletion': { trace: 'cancelKeyDeletion', keepResponse: true },
  'POST import-key-material': { trace: 'importKeyMaterial', keepResponse: false },
  'POST delete-imported-key-material': { trace: 'deleteImportedKeyMaterial', keepResponse: false },
  'POST aliases': { trace: 'createAlias', keepResponse: false },
  'DELETE aliases': { trace: 'deleteAlias', keepResponse: false },
  'POST alias/associate': { trace: 'associateAlias', keepResponse: false },
};

function keyIdOf(call: KmsCall, response: EmulatorResponse): string {
  const fromBody = call.req.body.key_id;
  if (typeof fromBody === 'string') return fromBody;
  const info = (response.body as { key_info?: { key_id?: unknown } } | undefined)?.key_info;
  return typeof info?.key_id === 'string' ? info.key_id : '';
}

/** Publishes the CTS trace of a successful traced operation; does nothing for others. */
function publishCtsTrace(call: KmsCall, method: string, path: string, response: EmulatorResponse): void {
  if (response.status < 200 || response.status >= 300) return;
  const traced = TRACED[`${method} ${path.slice(path.indexOf('/kms/') + 5)}`];
  if (traced === undefined) return;
  const keyId = keyIdOf(call, response);
  const alias = call.req.body.alias;
  const request: Record<string, unknown> = { ...(keyId !== '' && { key_id: keyId }), ...(typeof alias === 'string' && { alias }) };
  const keyAlias = call.req.body.key_alias;
  const user = { name: 'byok-emulator', id: call.ctx.domainId, domain: { name: 'byok-emulator', id: call.ctx.domainId } };
  call.ctx.events.publish({
    kind: 'cts',
    trace: {
      time: call.nowMs,
      user,
      request,
      response: traced.keepResponse && response.body !== undefined ? response.body : {},
      code: String(response.status),
      service_type: 'KMS',
      resource_type: 'cmk',
      resource_name: typeof keyAlias === 'string' ? keyAlias : keyId,
      resource_id: keyId,
      trace_name: traced.trace,
      trace_type: 'ApiCall',
      record_time: call.nowMs,
      trace_id: randomUUID(),
      trace_status: 'normal',
    },
  });
}

export { publishCtsTrace };
