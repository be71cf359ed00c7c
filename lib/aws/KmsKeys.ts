/**
 * Keys on AWS KMS for the adapter: their metadata (with the key spec remembered: it decides whether ImportType and
 * ListKeyRotations apply), and their names. AWS keys have no name field (docs/aws.md#key-names): a key's name is
 * written twice at CreateKey, as its `byok:name` tag (what people see in the console; kept from the domain's tags,
 * KmsTags.ts) and as the alias `alias/byok-keeper/name/<name>`, which makes it unique (CreateAlias refuses a second
 * one) and findable in one DescribeKey, where a lookup by tag would read the tags of every key in the account.
 */
import { CreateKeyCommand, DescribeKeyCommand } from '@aws-sdk/client-kms';
import type { KeyMetadata, KMSClient } from '@aws-sdk/client-kms';
import type { KeyInfo } from '../domain/KeyInfo.js';
import { KeyState } from '../domain/KeyState.js';
import { CloudApiError, ErrorKind, hasKind } from '../errors/index.js';
import type { AwsCaller } from './AwsCaller.js';
import { clientError } from './awsErrors.js';
import { awsKeySpec, isSymmetric, toKeyInfo } from './keyMetadata.js';
import { kmsAlias } from './KmsAliases.js';
import type { KmsAliases } from './KmsAliases.js';
import { NAME_TAG } from './KmsTags.js';
import { AwsOperation } from './operations.js';

/** The alias that holds a key's name (see the module comment). */
const nameAlias = (name: string): string => `byok-keeper/name/${name}`;

function nameTaken(name: string): CloudApiError {
  return new CloudApiError({
    operation: 'CreateKey',
    code: 'CLIENT.KeyNameTaken',
    kind: ErrorKind.AlreadyExists,
    retryable: false,
    message: `CreateKey refused: a live key is already named ${name}. What to do: reuse that key or choose another alias.`,
  });
}

class KmsKeys {
  readonly #kms: KMSClient;
  readonly #caller: AwsCaller;
  readonly #aliases: KmsAliases;
  /** Key spec per key id (it never changes). */
  readonly #symmetric = new Map<string, boolean>();

  constructor(kms: KMSClient, caller: AwsCaller, aliases: KmsAliases) {
    this.#kms = kms;
    this.#caller = caller;
    this.#aliases = aliases;
  }

  /** DescribeKey's metadata of a key id, ARN or alias. */
  async metadata(keyIdOrAlias: string): Promise<KeyMetadata> {
    const out = await this.#caller.call(AwsOperation.DescribeKey, () => this.#kms.send(new DescribeKeyCommand({ KeyId: keyIdOrAlias })));
    if (out.KeyMetadata === undefined) throw clientError('DescribeKey', 'BadResponse', ErrorKind.Unknown, 'retry later');
    this.#symmetric.set(out.KeyMetadata.KeyId ?? keyIdOrAlias, isSymmetric(out.KeyMetadata));
    return out.KeyMetadata;
  }

  /** Whether the key can hold several materials (described once, then remembered). */
  async isSymmetric(keyId: string): Promise<boolean> {
    return this.#symmetric.get(keyId) ?? isSymmetric(await this.metadata(keyId));
  }

  /** The key's details, or `undefined` when it does not exist (any more). */
  async describeIfExists(keyIdOrAlias: string, name: string | undefined): Promise<KeyInfo | undefined> {
    try {
      return toKeyInfo(await this.metadata(keyIdOrAlias), name);
    } catch (error) {
      if (hasKind(error, ErrorKind.NotFound)) return undefined;
      throw error;
    }
  }

  /** The live (not pending deletion) key with this name. */
  async findByName(name: string): Promise<KeyInfo | undefined> {
    const info = await this.describeIfExists(kmsAlias(nameAlias(name)), name);
    return info !== undefined && info.keyState !== KeyState.PendingDeletion ? info : undefined;
  }

  /**
   * Creates an EXTERNAL key with its name; AlreadyExists when a live key has it, so a repeated onboarding finds its
   * key again as on Huawei.
   */
  async create(input: { name: string; description?: string; keySpec: string }): Promise<string> {
    const named = await this.describeIfExists(kmsAlias(nameAlias(input.name)), input.name);
    if (named !== undefined && named.keyState !== KeyState.PendingDeletion) throw nameTaken(input.name);
    const spec = awsKeySpec(input.keySpec);
    const out = await this.#caller.call(AwsOperation.CreateKey, () =>
      this.#kms.send(
        new CreateKeyCommand({
          Origin: 'EXTERNAL',
          KeySpec: spec as never,
          KeyUsage: spec.startsWith('HMAC_') ? 'GENERATE_VERIFY_MAC' : 'ENCRYPT_DECRYPT',
          ...(input.description !== undefined ? { Description: input.description } : {}),
          Tags: [{ TagKey: NAME_TAG, TagValue: input.name }],
        }),
      ),
    );
    const keyId = out.KeyMetadata?.KeyId;
    if (keyId === undefined) throw clientError('CreateKey', 'BadResponse', ErrorKind.Unknown, 'look the key up by its byok:name tag');
    this.#symmetric.set(keyId, isSymmetric(out.KeyMetadata!));
    try {
      // A name left on a key pending deletion moves to the new key.
      if (named !== undefined) await this.#aliases.update(nameAlias(input.name), keyId);
      else await this.#aliases.create(nameAlias(input.name), keyId);
    } catch (error) {
      // Another onboarding of the same name won the alias: the key just made stays unnamed, empty and unmanaged.
      if (hasKind(error, ErrorKind.AlreadyExists)) throw nameTaken(input.name);
      throw error;
    }
    return keyId;
  }
}

export { KmsKeys };
