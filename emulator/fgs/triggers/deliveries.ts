/**
 * SMN and CTS triggers: which functions a published cloud event reaches, and the event each receives
 * (FunctionGraph's SMN and CTS trigger event shapes).
 *
 * CTS `operations` entries are `<service>:<resource types>:<trace names>`, the lists `;`-separated, e.g.
 * `KMS:cmk:createKey;deleteImportedKeyMaterial` (FunctionGraph's documented example is
 * `ECS:ecs;server:restartServer;deleteServer`). A trace matches when its `service_type` equals the service and
 * its `resource_type` is one of the types (both case-insensitive) and its `trace_name` is one of the names
 * (exact); `*` in a part matches anything.
 */
import { randomUUID } from 'node:crypto';
import type { CloudEvent, ServiceContext } from '../../types.js';
import { formatFunctionUrn } from '../functionUrn.js';
import type { FgsStore } from '../store/FgsStore.js';
import type { EnqueueInvocation } from './timers.js';

const OPERATION = /^([A-Za-z0-9_*]+):([A-Za-z0-9_*;]+):([A-Za-z0-9_*;]+)$/;

/** True for an operations entry the emulator can match. */
function isCtsOperation(entry: string): boolean {
  return OPERATION.test(entry);
}

function ctsMatches(operations: readonly string[], trace: Record<string, unknown>): boolean {
  const service = String(trace.service_type ?? '').toLowerCase();
  const resource = String(trace.resource_type ?? '').toLowerCase();
  const name = String(trace.trace_name ?? '');
  return operations.some((entry) => {
    const [, s = '', types = '', names = ''] = OPERATION.exec(entry) ?? [];
    const anyOf = (list: string, value: string, fold: boolean): boolean =>
      list.split(';').some((item) => item === '*' || (fold ? item.toLowerCase() : item) === value);
    return (s === '*' || s.toLowerCase() === service) && anyOf(types, resource, true) && anyOf(names, name, false);
  });
}

function functionUrnOf(ctx: ServiceContext, funcKey: string): string {
  const [projectId = '', packageName = '', name = ''] = funcKey.split(':');
  return formatFunctionUrn(ctx.region, projectId, packageName, name, 'latest');
}

/** The SMN trigger event: one record carrying the message (reference shape of FunctionGraph's Node runtime). */
function smnEvent(ctx: ServiceContext, funcKey: string, event: Extract<CloudEvent, { kind: 'smn' }>): Record<string, unknown> {
  const now = ctx.clock.now();
  return {
    record: [
      {
        event_version: '1.0',
        smn: {
          topic_urn: event.topicUrn,
          timestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          message_attributes: null,
          message: event.message,
          type: 'notification',
          message_id: randomUUID().replace(/-/g, ''),
          subject: event.subject,
        },
        event_subscription_urn: functionUrnOf(ctx, funcKey),
        event_source: 'smn',
      },
    ],
    functionname: funcKey.split(':')[2] ?? '',
    requestId: randomUUID(),
    timestamp: now.toString(),
  };
}

/** Queues one invocation per ACTIVE trigger the event reaches, oldest trigger first. Answers how many. */
function deliverCloudEvent(ctx: ServiceContext, store: FgsStore, event: CloudEvent, enqueue: EnqueueInvocation): number {
  let delivered = 0;
  if (event.kind === 'smn') {
    for (const trigger of store.triggers.active('SMN')) {
      const data = JSON.parse(trigger.event_data) as { topic_urn?: string };
      if (data.topic_urn !== event.topicUrn) continue;
      enqueue(ctx, trigger.func_key, smnEvent(ctx, trigger.func_key, event), 'smn');
      delivered += 1;
    }
    return delivered;
  }
  for (const trigger of store.triggers.active('CTS')) {
    const data = JSON.parse(trigger.event_data) as { operations?: string[] };
    if (!ctsMatches(data.operations ?? [], event.trace)) continue;
    enqueue(ctx, trigger.func_key, { cts: event.trace }, 'cts');
    delivered += 1;
  }
  return delivered;
}

export { deliverCloudEvent, isCtsOperation };
