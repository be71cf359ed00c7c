/**
 * KMS aliases for the AWS adapter. As on Huawei, an alias is `alias/<name>`; the ports speak of `<name>`.
 * CreateAlias fails with AlreadyExistsException on an alias that exists: the one compare-and-set KMS offers, which
 * the sweep lock is built on (AwsAliasSweepLock.ts).
 */
import { CreateAliasCommand, DeleteAliasCommand, DescribeKeyCommand, ListAliasesCommand, UpdateAliasCommand } from '@aws-sdk/client-kms';
import type { KMSClient } from '@aws-sdk/client-kms';
import { ErrorKind, hasKind } from '../errors/index.js';
import type { AwsCaller } from './AwsCaller.js';
import { AwsOperation } from './operations.js';

const ALIAS_PREFIX = 'alias/';

/** The KMS name of a bare alias (`app` → `alias/app`). */
function kmsAlias(alias: string): string {
  return alias.startsWith(ALIAS_PREFIX) ? alias : `${ALIAS_PREFIX}${alias}`;
}

/** An alias and when it was made. */
interface AliasEntry {
  aliasName: string;
  keyId: string | undefined;
  createdAt: Date | undefined;
}

class KmsAliases {
  readonly #kms: KMSClient;
  readonly #caller: AwsCaller;

  constructor(kms: KMSClient, caller: AwsCaller) {
    this.#kms = kms;
    this.#caller = caller;
  }

  /** The key the alias points at; `undefined` when the alias does not exist. */
  async resolve(alias: string): Promise<string | undefined> {
    try {
      const out = await this.#caller.call(AwsOperation.DescribeKey, () => this.#kms.send(new DescribeKeyCommand({ KeyId: kmsAlias(alias) })));
      return out.KeyMetadata?.KeyId;
    } catch (error) {
      if (hasKind(error, ErrorKind.NotFound)) return undefined;
      throw error;
    }
  }

  /** Creates the alias; AlreadyExists when it exists (the caller decides what that means). */
  async create(alias: string, keyId: string): Promise<void> {
    await this.#caller.call(AwsOperation.CreateAlias, () =>
      this.#kms.send(new CreateAliasCommand({ AliasName: kmsAlias(alias), TargetKeyId: keyId })),
    );
  }

  /** Points an existing alias at `keyId`. */
  async update(alias: string, keyId: string): Promise<void> {
    await this.#caller.call(AwsOperation.UpdateAlias, () =>
      this.#kms.send(new UpdateAliasCommand({ AliasName: kmsAlias(alias), TargetKeyId: keyId })),
    );
  }

  /** Deletes the alias; NotFound when it is gone already. */
  async delete(alias: string): Promise<void> {
    await this.#caller.call(AwsOperation.DeleteAlias, () => this.#kms.send(new DeleteAliasCommand({ AliasName: kmsAlias(alias) })));
  }

  /** The aliases of one key, with their creation time. */
  async ofKey(keyId: string): Promise<AliasEntry[]> {
    const entries: AliasEntry[] = [];
    let marker: string | undefined;
    do {
      const page = await this.#caller.call(AwsOperation.ListAliases, () =>
        this.#kms.send(new ListAliasesCommand({ KeyId: keyId, Limit: 100, ...(marker !== undefined ? { Marker: marker } : {}) })),
      );
      for (const a of page.Aliases ?? []) {
        if (a.AliasName !== undefined) entries.push({ aliasName: a.AliasName, keyId: a.TargetKeyId, createdAt: a.CreationDate });
      }
      marker = page.Truncated === true ? page.NextMarker : undefined;
    } while (marker !== undefined);
    return entries;
  }

  /** Points the alias at `keyId`, creating it when it does not exist (or updating it when it appeared meanwhile). */
  async move(alias: string, keyId: string): Promise<void> {
    const current = await this.resolve(alias);
    if (current === keyId) return;
    if (current !== undefined) return this.update(alias, keyId);
    try {
      await this.create(alias, keyId);
    } catch (error) {
      if (!hasKind(error, ErrorKind.AlreadyExists)) throw error;
      await this.update(alias, keyId);
    }
  }
}

export { KmsAliases, kmsAlias };
export type { AliasEntry };
