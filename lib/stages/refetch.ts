/** Going back to fetch-parameters once when KMS refuses the import token (KMS.2601 expired, KMS.2605 invalid). */
import { StageName } from '../ports/index.js';
import { LifecycleError, LifecycleErrorCode } from './LifecycleError.js';
import type { StageDeps, StageResult } from './types.js';

/** How many times a chain may go back for new parameters. */
const MAX_REFETCH = 1;

/** Huawei codes that mean "this token cannot be used": fetch new parameters. */
const TOKEN_REJECTED_CODES: ReadonlySet<string> = new Set(['KMS.2601', 'KMS.2605']);

/**
 * Dispatches fetch-parameters again (`refetch` + 1) and answers `outcome: "refetch"`; the second time, fails.
 *
 * @throws {LifecycleError} `BYOK.IMPORT_TOKEN_REJECTED` (retryable) when the chain already re-fetched once
 */
async function refetchParameters(
  stage: StageName,
  event: { key_id: string; correlation_id: string; refetch: number },
  deps: StageDeps,
  reason: string,
): Promise<StageResult> {
  if (event.refetch >= MAX_REFETCH) {
    throw new LifecycleError(
      `the import token for key ${event.key_id} was refused again (${reason}) after fetching new import parameters ` +
        'once; check that the clocks agree and retry later (the next renewal tick will)',
      { code: LifecycleErrorCode.TokenRejected, retryable: true, keyId: event.key_id },
    );
  }
  deps.logger.warn('import.refetch', { key_id: event.key_id, reason, attempt: event.refetch + 1 });
  await deps.dispatcher.dispatch(StageName.FetchParameters, {
    key_id: event.key_id,
    correlation_id: event.correlation_id,
    refetch: event.refetch + 1,
  });
  return { ok: true, stage, key_id: event.key_id, correlation_id: event.correlation_id, outcome: 'refetch' };
}

export { MAX_REFETCH, TOKEN_REJECTED_CODES, refetchParameters };
