/** KMS key aliases (docs/huawei-api.md#key-ids-and-aliases): create, list, associate (move), delete. */
import type { KeyAlias, KeyAliasPage } from './kmsTypes.js';
import { clientError } from './errorMapping.js';
import type { HuaweiTransport } from './HuaweiTransport.js';
import { compact, toAliasBody, toKeyAlias } from './kmsMappers.js';
import { asRecord, optRecord, optStr, recordList } from './normalise.js';
import { KmsOperation as Op } from './operations.js';

const MAX_PAGES = 10_000;

/** Alias calls; reached as `kmsClient.aliases`. */
class KmsAliasClient {
  readonly #transport: HuaweiTransport;

  constructor(transport: HuaweiTransport) {
    this.#transport = transport;
  }

  /** create alias (`alias/...`). Not retried after an ambiguous failure. */
  createAlias(keyId: string, alias: string): Promise<KeyAlias> {
    return this.#transport.call(Op.createAlias, { body: { key_id: keyId, alias } }, (raw) => {
      const res = asRecord(raw, 'body');
      // The documented answer is the alias entity; tolerate an `{alias:{...}}` envelope.
      const entity = optRecord(res['alias']) ?? res;
      return entity['alias'] === undefined ? { alias, keyId } : toKeyAlias(entity);
    });
  }

  /** One page of list aliases (optionally of one key). */
  listAliasesPage(input: { keyId?: string; limit?: number; marker?: string } = {}): Promise<KeyAliasPage> {
    const query = { key_id: input.keyId, limit: input.limit === undefined ? undefined : String(input.limit), marker: input.marker };
    return this.#transport.call(Op.listAliases, { query }, (raw) => {
      const body = toAliasBody(raw);
      return compact<KeyAliasPage>({
        aliases: recordList(body['aliases'], 'aliases').map((a, i) => toKeyAlias(a, `aliases[${i}]`)),
        nextMarker: optStr(optRecord(body['page_info'])?.['next_marker']),
      });
    });
  }

  /** Every alias (of one key), following `page_info.next_marker`. */
  async listAliases(keyId?: string): Promise<KeyAlias[]> {
    const all: KeyAlias[] = [];
    const seen = new Set<string>();
    let marker: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.listAliasesPage({ ...(keyId ? { keyId } : {}), ...(marker ? { marker } : {}) });
      all.push(...result.aliases);
      if (result.nextMarker === undefined) break;
      if (seen.has(result.nextMarker)) throw clientError(Op.listAliases, 'BadResponse', 'next_marker repeats a previous page');
      seen.add(result.nextMarker);
      marker = result.nextMarker;
    }
    return all;
  }

  /** Points an existing alias at another key (rotation: move the alias to the new key). */
  async associateAlias(alias: string, targetKeyId: string): Promise<void> {
    await this.#transport.call(Op.associateAlias, { body: { alias, target_key_id: targetKeyId } }, () => undefined);
  }

  /** Deletes aliases of a key. */
  async deleteAliases(keyId: string, aliases: string[]): Promise<void> {
    await this.#transport.call(Op.deleteAliases, { body: { key_id: keyId, aliases } }, () => undefined);
  }
}

export { KmsAliasClient };
