/**
 * KMS key tags and the tag query `resource_instances/action` (docs/huawei-api.md#tags,
 * docs/huawei-api.md#tag-query-resource_instances). Tag writes have set semantics, so they are retried like
 * reads.
 */
import type { KeyTag, KeyTagFilter } from '../domain/KeyInfo.js';
import type { KmsKeyDetails, TaggedKeyPage } from './kmsTypes.js';
import type { HuaweiTransport } from './HuaweiTransport.js';
import { toTaggedKey, toTags } from './kmsMappers.js';
import { asRecord, optInt, recordList } from './normalise.js';
import { KmsOperation as Op } from './operations.js';

/** A resource_instances query: keys carrying every listed tag (each with one of its values). */
interface KeyTagQuery {
  tags?: KeyTagFilter[];
  /** e.g. `[{ key: 'resource_name', value: 'alias/app' }]`. */
  matches?: { key: string; value: string }[];
}

/** Page size for {@link KmsTagClient.listAllKeysByTags} (the API allows 1..1000). */
const DEFAULT_PAGE_SIZE = 1000;

/** Tag calls; reached as `kmsClient.tags`. */
class KmsTagClient {
  readonly #transport: HuaweiTransport;

  constructor(transport: HuaweiTransport) {
    this.#transport = transport;
  }

  /** Adds (or overwrites) one tag. */
  async createKeyTag(keyId: string, tag: KeyTag): Promise<void> {
    await this.#transport.call(Op.createKeyTag, { pathParams: { key_id: keyId }, body: { tag } }, () => undefined);
  }

  /** Adds (or overwrites) several tags in one call (`action: "create"`). */
  async batchCreateKeyTags(keyId: string, tags: KeyTag[]): Promise<void> {
    await this.#batch(keyId, 'create', tags);
  }

  /** Removes tags by key (`action: "delete"`); values are optional. */
  async batchDeleteKeyTags(keyId: string, tags: { key: string; value?: string }[]): Promise<void> {
    await this.#batch(keyId, 'delete', tags);
  }

  /** The tags of one key. */
  showKeyTags(keyId: string): Promise<KeyTag[]> {
    return this.#transport.call(Op.showKeyTags, { pathParams: { key_id: keyId } }, (raw) =>
      toTags(asRecord(raw, 'body')['tags'], 'tags'),
    );
  }

  /** One page of keys matching the query (`action: "filter"`). */
  listKeysByTagsPage(query: KeyTagQuery, page: { limit?: number; offset?: number } = {}): Promise<TaggedKeyPage> {
    const body = {
      action: 'filter',
      limit: String(page.limit ?? DEFAULT_PAGE_SIZE),
      offset: String(page.offset ?? 0),
      ...queryBody(query),
    };
    return this.#transport.call(Op.listKeysByTags, { body }, (raw) => {
      const res = asRecord(raw, 'body');
      const resources = recordList(res['resources'], 'resources').map((r, i) => toTaggedKey(r, `resources[${i}]`));
      return { resources, totalCount: optInt(res['total_count'], 'total_count') ?? resources.length };
    });
  }

  /** The keys matching the query, page by page, following offsets until `total_count` is reached. */
  async *pagesOfKeysByTags(query: KeyTagQuery, pageSize = DEFAULT_PAGE_SIZE): AsyncGenerator<TaggedKeyPage['resources']> {
    let seen = 0;
    for (;;) {
      const page = await this.listKeysByTagsPage(query, { limit: pageSize, offset: seen });
      seen += page.resources.length;
      if (page.resources.length > 0) yield page.resources;
      // An empty page ends the loop even if total_count promised more (keys deleted meanwhile).
      if (page.resources.length === 0 || seen >= page.totalCount) return;
    }
  }

  /** Every key matching the query (all pages). */
  async listAllKeysByTags(query: KeyTagQuery, pageSize = DEFAULT_PAGE_SIZE): Promise<TaggedKeyPage['resources']> {
    const all: TaggedKeyPage['resources'] = [];
    for await (const page of this.pagesOfKeysByTags(query, pageSize)) all.push(...page);
    return all;
  }

  /** The keys' details of {@link KmsTagClient.listAllKeysByTags}, for callers that need only those. */
  async listAllKeyInfosByTags(query: KeyTagQuery): Promise<KmsKeyDetails[]> {
    const resources = await this.listAllKeysByTags(query);
    return resources.flatMap((r) => (r.keyInfo ? [r.keyInfo] : []));
  }

  /** How many keys match the query (`action: "count"`). */
  countKeysByTags(query: KeyTagQuery): Promise<number> {
    return this.#transport.call(Op.listKeysByTags, { body: { action: 'count', ...queryBody(query) } }, (raw) =>
      optInt(asRecord(raw, 'body')['total_count'], 'total_count') ?? 0,
    );
  }

  async #batch(keyId: string, action: 'create' | 'delete', tags: { key: string; value?: string }[]): Promise<void> {
    await this.#transport.call(Op.batchKeyTags, { pathParams: { key_id: keyId }, body: { action, tags } }, () => undefined);
  }
}

function queryBody(query: KeyTagQuery): Record<string, unknown> {
  return {
    ...(query.tags ? { tags: query.tags } : {}),
    ...(query.matches ? { matches: query.matches } : {}),
  };
}

export { KmsTagClient };
export type { KeyTagQuery };
