/**
 * Stage on-event: what happens when something outside the chain says so. An SMN notification of a new CSMS
 * secret version rotates the aliases bound to the secret; a CTS `createKey` trace of an external key carrying
 * `byok:secret` runs the import stages (a `deleteImportedKeyMaterial` trace recovers the key); a direct invocation
 * `{"action":"onboard"|"import"|"rotate"|"recover", ...}` does what it says. Sources and shapes: eventSources.ts.
 */
import * as v from 'valibot';
import { isCorrelationId, newCorrelationId } from '../domain/ids.js';
import { StageName } from '../ports/index.js';
import { defineStage } from './coreStages.js';
import type { StageDefinition } from './coreStages.js';
import { EventSource, parseOnEvent } from './eventSources.js';
import { logStage } from './logStage.js';
import { runTask } from './onEventTasks.js';
import type { OnEventResult, StageLogic, TaskReport } from './types.js';

/**
 * Builds the on-event stage logic. It keeps one piece of state: whether the shape of a CSMS message was logged
 * already (`csms.message.shape`, names and types only), so the undocumented format is learnt once per instance.
 *
 * @example
 * const onEvent = createOnEventStage();
 * await onEvent({ action: 'rotate', alias: 'app' }, deps);
 */
function createOnEventStage(): StageLogic<unknown, OnEventResult> {
  let shapeLogged = false;
  return async (event, deps) => {
    const parsed = parseOnEvent(event);
    if (parsed.messageShapes !== undefined && !shapeLogged) {
      shapeLogged = true;
      deps.logger.info('csms.message.shape', { source: parsed.source, shapes: parsed.messageShapes });
    }
    const given = (event as { correlation_id?: unknown }).correlation_id;
    const correlationId = parsed.correlationId ?? (isCorrelationId(given) ? given : newCorrelationId());
    const action = [...new Set(parsed.tasks.map((task) => task.action))].join(',');
    return logStage(deps, { stage: StageName.OnEvent, action }, async (): Promise<OnEventResult> => {
      const tasks: TaskReport[] = [];
      for (const task of parsed.tasks) tasks.push(await runTask(task, deps, correlationId, { fromCts: parsed.source === EventSource.Cts }));
      const keyId = tasks.map((task) => task.key_id).find((id): id is string => typeof id === 'string') ?? '';
      return { ok: true, stage: StageName.OnEvent, key_id: keyId, correlation_id: correlationId, source: parsed.source, outcome: action, tasks };
    });
  };
}

/**
 * The on-event stage for a stage table (`InProcessDispatcher({ stages: { 'on-event': onEventDefinition() } })`).
 * Its schema accepts anything: on-event tells its sources apart itself and refuses with the field named.
 */
function onEventDefinition(): StageDefinition<unknown> {
  return defineStage(StageName.OnEvent, v.unknown(), createOnEventStage());
}

export { createOnEventStage, onEventDefinition };
