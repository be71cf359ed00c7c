/**
 * Completing an onboarding: a key whose first import just succeeded gets the alias its `byok:alias` tag names, when
 * that alias does not exist. An onboarding cut short between creating the key and pointing the alias (a fault, a
 * killed process) is otherwise finished by a recovery or a renewal with a healthy key nobody can reach by name. An
 * alias that points at another key is left alone: moving it is a rotation's decision.
 */
import { TagKey } from '../tags.js';
import type { LifecycleDeps } from './types.js';

/** What was done about the key's alias. */
type AliasCompletion = 'created' | 'present' | 'elsewhere' | 'none';

/**
 * @example
 * await completeAlias(deps, keyId); // 'created' when alias/<byok:alias> was missing
 */
async function completeAlias(deps: Pick<LifecycleDeps, 'keys' | 'logger'>, keyId: string): Promise<AliasCompletion> {
  const tags = await deps.keys.showKeyTags(keyId);
  const alias = tags.find((tag) => tag.key === TagKey.Alias)?.value;
  if (alias === undefined || alias === '') return 'none';
  const current = await deps.keys.resolveAlias(alias);
  if (current === keyId) return 'present';
  if (current !== undefined) return 'elsewhere';
  await deps.keys.moveAlias(alias, keyId);
  deps.logger.info('import.alias_created', { key_id: keyId, alias, outcome: 'created' });
  return 'created';
}

export { completeAlias };
export type { AliasCompletion };
