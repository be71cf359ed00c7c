/** What on-event does for each task it was asked for; imports are handed to the stages through the dispatcher. */
import { checkRecoverable, prepareExistingKey, rotateSecret } from '../lifecycle/index.js';
import { StageName } from '../ports/index.js';
import { createKeyStage } from './createKey.js';
import type { OnEventTask } from './eventSources.js';
import type { StageDeps, TaskReport } from './types.js';

/** Starts the import stages for a key (fetch-parameters → wrap-material → import-material). */
function startImport(deps: StageDeps, keyId: string, correlationId: string): Promise<void> {
  return deps.dispatcher.dispatch(StageName.FetchParameters, { key_id: keyId, correlation_id: correlationId });
}

/**
 * Runs one task. A rotation imports into the new key in this invocation (it must know the import succeeded
 * before moving the alias); an import or recovery hands the key to the stages.
 *
 * @example
 * const report = await runTask({ action: 'recover', keyId, force: false }, deps, correlationId, { fromCts: false });
 */
async function runTask(task: OnEventTask, deps: StageDeps, correlationId: string, origin: { fromCts: boolean }): Promise<TaskReport> {
  switch (task.action) {
    case 'onboard': {
      const result = await createKeyStage({ ...task.input, correlation_id: correlationId }, deps);
      return { action: task.action, key_id: result.key_id, alias: result.alias, secret_version: result.secret_version };
    }
    case 'import': {
      const decision = await prepareExistingKey(deps, task.keyId, origin);
      if (decision.outcome !== 'import-needed') return { action: task.action, ...decision, outcome: decision.outcome };
      await startImport(deps, task.keyId, correlationId);
      return { action: task.action, ...decision, outcome: 'import-started' };
    }
    case 'recover': {
      const { state, forced } = await checkRecoverable(deps, task.keyId, { force: task.force });
      deps.logger.info('recover.start', { key_id: task.keyId, state, action: 'recover', forced });
      await startImport(deps, task.keyId, correlationId);
      return { action: task.action, key_id: task.keyId, state, outcome: 'recovery-started', forced };
    }
    case 'rotate': {
      const target = 'alias' in task ? { alias: task.alias } : { secretName: task.secretName, ...(task.version ? { version: task.version } : {}) };
      const aliases = await rotateSecret(target, deps);
      return { action: task.action, key_id: aliases[0]?.new_key_id, aliases };
    }
  }
}

export { runTask };
