/**
 * Discovery: every key tagged `byok:managed=true` in one target, through the tag query, one page at a time (details
 * and tags in one answer), so the sweep holds one page, never the fleet. Only keys whose answer lacks details are
 * described one by one (docs/huawei-api.md#tag-query-resource_instances).
 */
import type { TaggedKey } from '../domain/KeyInfo.js';
import { ErrorKind, isCloudApiError } from '../errors/index.js';
import type { KeyService } from '../ports/index.js';
import { MANAGED_VALUE, TagKey } from '../tags.js';
import type { ManagedKeySnapshot } from './types.js';

/** One page of the managed keys, at its place in the tag query's order. */
interface SnapshotPage {
  /** Position of the page's first key in the query's order (0-based). */
  offset: number;
  /** Position just after the page's last key (the next page starts there). */
  end: number;
  snapshots: ManagedKeySnapshot[];
}

/** Options of {@link managedKeyPages}. */
interface PageOptions {
  /** Leave out the first `skip` keys of the query (a continuation resumes there). Default 0. */
  skip?: number;
  /** Describe keys the query answered without details. Default true (false: their `info` stays undefined). */
  describe?: boolean;
  /** Describes in flight at once. Default 4. */
  concurrency?: number;
  /** Keys to leave out of the pages (already handled), before anything is described. */
  leaveOut?: ReadonlySet<string>;
}

/** The snapshot of one tagged key: its details from the query, or from describe-key (a deleted key: none). */
async function snapshotOf(keys: KeyService, key: TaggedKey, position: number, describe: boolean): Promise<ManagedKeySnapshot | undefined> {
  if (key.info !== undefined || !describe) return { keyId: key.keyId, info: key.info, tags: key.tags, position };
  try {
    return { keyId: key.keyId, info: await keys.describeKey(key.keyId), tags: key.tags, position };
  } catch (error) {
    if (!isCloudApiError(error)) throw error;
    if (error.kind === ErrorKind.NotFound) return undefined;
    return { keyId: key.keyId, info: undefined, tags: key.tags, infoErrorCode: error.code, position };
  }
}

/** The snapshots of a page's keys, in order, describing up to `concurrency` at once. */
async function snapshotsOf(keys: KeyService, page: TaggedKey[], firstPosition: number, options: PageOptions): Promise<ManagedKeySnapshot[]> {
  const found = new Array<ManagedKeySnapshot | undefined>(page.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < page.length; i = next++) {
      if (options.leaveOut?.has(page[i]!.keyId) !== true) found[i] = await snapshotOf(keys, page[i]!, firstPosition + i, options.describe ?? true);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return found.filter((s): s is ManagedKeySnapshot => s !== undefined);
}

/**
 * The managed keys of a target, page by page. A key deleted between the query and its describe is left out.
 *
 * @example
 * for await (const page of managedKeyPages(keys)) handle(page.snapshots);
 */
async function* managedKeyPages(keys: KeyService, options: PageOptions = {}): AsyncGenerator<SnapshotPage> {
  let offset = 0;
  const skip = options.skip ?? 0;
  for await (const page of keys.keysByTags([{ key: TagKey.Managed, values: [MANAGED_VALUE] }])) {
    const from = Math.max(0, skip - offset);
    offset += page.length;
    if (from >= page.length) continue;
    const CHUNK = 100000;
    for (let at = from; at < page.length; at += CHUNK) {
      const chunk = page.slice(at, Math.min(page.length, at + CHUNK));
      const chunkOffset = offset - page.length + at;
      yield { offset: chunkOffset, end: chunkOffset + chunk.length, snapshots: await snapshotsOf(keys, chunk, chunkOffset, options) };
    }
  }
}

/**
 * Every managed key of a target at once: for small fleets and tests (the sweep itself streams).
 *
 * @example
 * const snapshots = await discoverManagedKeys(keys);
 */
async function discoverManagedKeys(keys: KeyService): Promise<ManagedKeySnapshot[]> {
  const all: ManagedKeySnapshot[] = [];
  for await (const page of managedKeyPages(keys)) all.push(...page.snapshots);
  return all;
}

export { discoverManagedKeys, managedKeyPages };
export type { PageOptions, SnapshotPage };
