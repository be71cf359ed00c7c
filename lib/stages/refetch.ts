/** Going back to fetch-parameters once when the import token cannot be used (refused by KMS, or about to expire). */
import { MAX_REFETCH, tokenRejectedAgain } from '../lifecycle/index.js';
import { StageName } from '../ports/index.js';
import type { RefetchResult, StageDeps } from './types.js';

/**
 * Dispatches fetch-parameters again (`refetch` + 1) and answers `outcome: "refetch"`; the second time, fails.
 *
 * @throws {LifecycleError} `BYOK.IMPORT_TOKEN_REJECTED` (retryable) when the chain already re-fetched once
 */
async function refetchParameters(
  stage: typeof StageName.WrapMaterial | typeof StageName.ImportMaterial,
  event: { key_id: string; correlation_id: string; refetch: number },
  deps: StageDeps,
  reason: { code: string; text: string; cause?: unknown },
): Promise<RefetchResult> {
  if (event.refetch >= MAX_REFETCH) throw tokenRejectedAgain(event.key_id, reason.code, reason.cause);
  deps.logger.warn('import.refetch', { key_id: event.key_id, reason: reason.text, attempt: event.refetch + 1 });
  await deps.dispatcher.dispatch(StageName.FetchParameters, {
    key_id: event.key_id,
    correlation_id: event.correlation_id,
    refetch: event.refetch + 1,
  });
  return { ok: true, stage, key_id: event.key_id, correlation_id: event.correlation_id, outcome: 'refetch' };
}

export { refetchParameters };
