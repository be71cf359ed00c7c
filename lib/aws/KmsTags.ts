/**
 * KMS key tags for the AWS adapter: read, write, and the scans that stand in for a tag query. KMS has no query by
 * tag (Huawei's resource_instances has no AWS KMS twin), so keys are found by listing them (ListKeys, a page at a
 * time) and reading each one's tags, a few at once (docs/aws.md#finding-keys-by-tag).
 *
 * `byok:name` is the adapter's own tag: the key's name for people (AWS has no name field; the name's alias makes
 * it unique, AwsKeyService.ts). It is written at CreateKey and kept out of the tags the domain sees, so the
 * domain's tag count and its "foreign byok: tag" checks stay as on Huawei.
 */
import { ListKeysCommand, ListResourceTagsCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-kms';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { KeyTag } from '../domain/KeyInfo.js';
import { ErrorKind, hasKind } from '../errors/index.js';
import type { AwsCaller } from './AwsCaller.js';
import { AwsOperation } from './operations.js';

/** The tag that shows a key's name (see the module comment). */
const NAME_TAG = 'byok:name';
/** Keys listed per ListKeys page, so one page of the scan is about this many calls. */
const SCAN_PAGE_KEYS = 100;
/** Tag reads at once within a page. */
const SCAN_CONCURRENCY = 8;

/** A key and all its tags, the adapter's own included. */
interface KeyWithTags {
  keyId: string;
  tags: KeyTag[];
}

/** Runs `fn` over `items`, at most `limit` at a time, answers in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The tags the domain sees: without the adapter's own. */
function domainTags(tags: readonly KeyTag[]): KeyTag[] {
  return tags.filter((tag) => tag.key !== NAME_TAG);
}

/** The name a key's tags give it. */
function nameOf(tags: readonly KeyTag[]): string | undefined {
  return tags.find((tag) => tag.key === NAME_TAG)?.value;
}

class KmsTags {
  readonly #kms: KMSClient;
  readonly #caller: AwsCaller;

  constructor(kms: KMSClient, caller: AwsCaller) {
    this.#kms = kms;
    this.#caller = caller;
  }

  /** Every tag of the key, the adapter's own included. */
  async all(keyId: string): Promise<KeyTag[]> {
    const tags: KeyTag[] = [];
    let marker: string | undefined;
    do {
      const page = await this.#caller.call(AwsOperation.ListResourceTags, () =>
        this.#kms.send(new ListResourceTagsCommand({ KeyId: keyId, Limit: 50, ...(marker !== undefined ? { Marker: marker } : {}) })),
      );
      for (const tag of page.Tags ?? []) tags.push({ key: tag.TagKey ?? '', value: tag.TagValue ?? '' });
      marker = page.Truncated === true ? page.NextMarker : undefined;
    } while (marker !== undefined);
    return tags;
  }

  /** Adds or overwrites tags (TagResource has set semantics). */
  async put(keyId: string, tags: readonly KeyTag[]): Promise<void> {
    if (tags.length === 0) return;
    await this.#caller.call(AwsOperation.TagResource, () =>
      this.#kms.send(new TagResourceCommand({ KeyId: keyId, Tags: tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) })),
    );
  }

  /** Removes tags; absent ones are no error (UntagResource ignores them). */
  async remove(keyId: string, tagKeys: readonly string[]): Promise<void> {
    if (tagKeys.length === 0) return;
    await this.#caller.call(AwsOperation.UntagResource, () => this.#kms.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: [...tagKeys] })));
  }

  /**
   * Every key of the account and region with its tags, one ListKeys page at a time, keeping those `match` accepts.
   * A key deleted meanwhile, or whose key policy does not let this caller read its tags, is not ours: skipped.
   */
  async *scan(match: (tags: readonly KeyTag[]) => boolean): AsyncIterable<KeyWithTags[]> {
    let marker: string | undefined;
    do {
      const page = await this.#caller.call(AwsOperation.ListKeys, () =>
        this.#kms.send(new ListKeysCommand({ Limit: SCAN_PAGE_KEYS, ...(marker !== undefined ? { Marker: marker } : {}) })),
      );
      const ids = (page.Keys ?? []).map((k) => k.KeyId).filter((id): id is string => typeof id === 'string');
      const read = await mapLimit(ids, SCAN_CONCURRENCY, async (keyId): Promise<KeyWithTags | undefined> => {
        try {
          return { keyId, tags: await this.all(keyId) };
        } catch (error) {
          if (hasKind(error, ErrorKind.NotFound) || hasKind(error, ErrorKind.Unauthorized)) return undefined;
          throw error;
        }
      });
      yield read.filter((k): k is KeyWithTags => k !== undefined && match(k.tags));
      marker = page.Truncated === true ? page.NextMarker : undefined;
    } while (marker !== undefined);
  }
}

export { KmsTags, NAME_TAG, domainTags, mapLimit, nameOf };
export type { KeyWithTags };
