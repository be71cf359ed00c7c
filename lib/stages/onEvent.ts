/**
 * Stage on-event: what happens when something outside the chain says so. An SMN notification of a new CSMS
 * secret version rotates the aliases bound to the secret; a CTS `createKey` trace of an external key carrying
 * `byok:secret` runs the import stages (a `deleteImportedKeyMaterial` trace recovers the key); a direct invocation
 * `{"action":"onboard"|"import"|"rotate"|"recover", ...}` does what it says. Sources and shapes: eventSources.ts.
 */
import * as v from 'valibot';
import { InProcessDispatcher } from '../dispatch/InProcessDispatcher.js';
import { isCorrelationId, newCorrelationId } from '../middleware/ids.js';
import { StageName } from '../ports/index.js';
import { defineStage } from './coreStages.js';
import type { StageDefinition } from './coreStages.js';
import { createKeyStage } from './createKey.js';
import { parseOnEvent } from './eventSources.js';
import type { OnEventTask, ParsedOnEvent } from './eventSources.js';
import { importExistingKey } from './importExisting.js';
import { logStage } from './logStage.js';
import { recoverKey } from './recover.js';
import { rotateSecret } from './rotate.js';
import type { ImportChainRunner } from './rotate.js';
import type { StageDeps, StageLogic, StageResult } from './types.js';

/** Options of {@link createOnEventStage}. */
interface OnEventOptions {
  /**
   * Runs the import chain to its end before a rotation moves an alias. Default: the three stages in this process
   * over the same ports (an async hand-off could not tell on-event when the import is done).
   */
  runImportChain?: ImportChainRunner;
}

/** One task's report in the on-event result. */
type TaskReport = { action: OnEventTask['action'] } & Record<string, unknown>;

/** The default {@link ImportChainRunner}: fetch-parameters → wrap-material → import-material in this process. */
const runImportChainInProcess: ImportChainRunner = (event, deps) =>
  new InProcessDispatcher({
    keys: deps.keys,
    secrets: deps.secrets,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.options !== undefined ? { options: deps.options } : {}),
    ...(deps.elapsedMs !== undefined ? { elapsedMs: deps.elapsedMs } : {}),
  }).runChain(StageName.FetchParameters, event);

async function runTask(task: OnEventTask, deps: StageDeps, runImport: ImportChainRunner, correlationId: string, parsed: ParsedOnEvent): Promise<TaskReport> {
  switch (task.action) {
    case 'onboard': {
      const result = await createKeyStage({ ...task.input, correlation_id: correlationId }, deps);
      return { action: task.action, key_id: result.key_id, alias: result['alias'], secret_version: result['secret_version'] };
    }
    case 'import':
      return { action: task.action, ...(await importExistingKey(task.keyId, { fromCts: parsed.source === 'cts' }, deps, correlationId)) };
    case 'recover':
      return { action: task.action, ...(await recoverKey(task.keyId, { force: task.force }, deps, correlationId)) };
    case 'rotate': {
      const target = 'alias' in task ? { alias: task.alias } : { secretName: task.secretName, ...(task.version ? { version: task.version } : {}) };
      const aliases = await rotateSecret(target, deps, runImport, correlationId);
      return { action: task.action, key_id: aliases[0]?.new_key_id, aliases };
    }
  }
}

/**
 * Builds the on-event stage logic. It keeps one piece of state: whether the shape of a CSMS message was logged
 * already (`csms.message.shape`, names and types only), so the undocumented format is learnt once per instance.
 *
 * @example
 * const onEvent = createOnEventStage();
 * await onEvent({ action: 'rotate', alias: 'app' }, deps);
 */
function createOnEventStage(options: OnEventOptions = {}): StageLogic<unknown> {
  const runImport = options.runImportChain ?? runImportChainInProcess;
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
    return logStage(deps, { stage: StageName.OnEvent, action }, async (): Promise<StageResult> => {
      const tasks: TaskReport[] = [];
      for (const task of parsed.tasks) tasks.push(await runTask(task, deps, runImport, correlationId, parsed));
      const keyId = tasks.map((task) => task['key_id']).find((id): id is string => typeof id === 'string') ?? '';
      return { ok: true, stage: StageName.OnEvent, key_id: keyId, correlation_id: correlationId, source: parsed.source, outcome: action, tasks };
    });
  };
}

/**
 * The on-event stage for a stage table (`InProcessDispatcher({ stages: { 'on-event': onEventDefinition() } })`).
 * Its schema accepts anything: on-event tells its sources apart itself and refuses with the field named.
 */
function onEventDefinition(options: OnEventOptions = {}): StageDefinition<unknown> {
  return defineStage(StageName.OnEvent, v.unknown(), createOnEventStage(options));
}

export { createOnEventStage, onEventDefinition, runImportChainInProcess };
export type { OnEventOptions, TaskReport };
