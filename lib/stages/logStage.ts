/** The `stage.start` / `stage.done` lines every stage writes around its work (docs/logs.md). */
import type { LogFields } from '../log/types.js';
import type { StageName } from '../ports/index.js';
import type { StageDeps, StageResult } from './types.js';

/** What the lines say about the work. */
interface StageLogInfo {
  stage: StageName;
  /** `create`, `fetch-parameters`, `wrap`, `import`. */
  action: string;
  key_id?: string;
  alias?: string;
}

const defaultElapsedMs = (): number => performance.now();

const DAY_MS = 86_400_000;

/** The log fields a result contributes to `stage.done` (safe by construction: ids, states, times). */
function resultFields(result: StageResult, now: Date): LogFields {
  const fields: LogFields = { key_id: result.key_id, outcome: result.outcome };
  if (!('expires_at' in result)) return fields;
  fields.state = result.state;
  const expiresAt = result.expires_at;
  if (typeof expiresAt === 'string') {
    fields.expires_at = expiresAt;
    fields.days_left = Math.floor((Date.parse(expiresAt) - now.getTime()) / DAY_MS);
  } else if (expiresAt === null) {
    fields.expires_at = null;
    fields.days_left = null;
  }
  return fields;
}

/**
 * Runs a stage's work between a `stage.start` and a `stage.done` line (`outcome`, `duration_ms`; on failure
 * `outcome: "failed"`, `error_code`, `retryable`). The error is rethrown for the caller to classify.
 *
 * @example
 * return logStage(deps, { stage: StageName.FetchParameters, action: 'fetch-parameters', key_id }, async () => ...);
 */
async function logStage<T extends StageResult>(deps: StageDeps, info: StageLogInfo, work: () => Promise<T>): Promise<T> {
  const elapsedMs = deps.elapsedMs ?? defaultElapsedMs;
  const startedMs = elapsedMs();
  deps.logger.info('stage.start', { ...info });
  const durationMs = (): number => Math.max(0, Math.round(elapsedMs() - startedMs));
  try {
    const result = await work();
    deps.logger.info('stage.done', { ...info, ...resultFields(result, deps.clock.now()), duration_ms: durationMs() });
    return result;
  } catch (error) {
    const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
    const alert = fields['alert'] === true;
    deps.logger[alert ? 'error' : 'warn']('stage.done', {
      ...info,
      outcome: 'failed',
      error_code: typeof fields['code'] === 'string' ? fields['code'].slice(0, 64) : undefined,
      retryable: fields['retryable'] === true,
      ...(alert ? { alert: true } : {}),
      duration_ms: durationMs(),
    });
    throw error;
  }
}

export { logStage };
export type { StageLogInfo };
