/** Every key of a tag query, for the small queries (one secret's keys) that need them all at once. */
import type { KeyTagFilter, TaggedKey } from '../domain/KeyInfo.js';
import type { KeyService } from '../ports/index.js';

/**
 * @example
 * const keys = await allKeysByTags(deps.keys, [{ key: 'byok:secret', values: ['app-key'] }]);
 */
async function allKeysByTags(keys: Pick<KeyService, 'keysByTags'>, filter: KeyTagFilter[]): Promise<TaggedKey[]> {
  const all: TaggedKey[] = [];
  for await (const page of keys.keysByTags(filter)) all.push(...page);
  return all;
}

export { allKeysByTags };
