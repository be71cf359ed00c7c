/**
 * The model's KMS: keys (state from their materials) and tags here; aliases and encrypt/decrypt in
 * kmsAliasCryptoModel.ts; import parameters, imports, key materials and on-demand rotation in kmsImportModel.ts. Validation follows
 * AWS's documented rules for what byok-keeper sends; anything else is refused as AWS would.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AwsModel } from './AwsModel.js';
import { kmsError } from './modelErrors.js';

interface ModelMaterial {
  id: string;
  bytes: Buffer;
  description: string | undefined;
  imported: boolean;
  state: 'CURRENT' | 'NON_CURRENT' | 'PENDING_ROTATION';
  validTo: Date | undefined;
  rotationDate: Date | undefined;
}

interface ModelKey {
  keyId: string;
  arn: string;
  created: Date;
  description: string;
  spec: string;
  usage: string;
  origin: string;
  enabled: boolean;
  deletionDate: Date | undefined;
  tags: Map<string, string>;
  materials: ModelMaterial[];
}

interface ModelAlias {
  keyId: string;
  created: Date;
  updated: Date;
}

type Input = Record<string, unknown>;

/** The id AWS gives a material: derived from the key and the material, so a re-import finds it again. */
function materialIdOf(keyId: string, bytes: Buffer): string {
  return createHash('sha256').update(keyId).update(bytes).digest('hex');
}

class KmsModel {
  readonly keys = new Map<string, ModelKey>();
  readonly aliases = new Map<string, ModelAlias>();
  /** Expired materials, in order (what EventBridge's expiration events would carry). */
  readonly expirations: Array<{ keyId: string; materialId: string; at: Date }> = [];
  readonly #model: AwsModel;

  constructor(model: AwsModel) {
    this.#model = model;
  }

  now(): Date {
    return this.#model.now();
  }

  get region(): string {
    return this.#model.region;
  }

  get account(): string {
    return this.#model.account;
  }

  /** Deletes every imported material whose ValidTo passed. */
  settle(): void {
    const now = this.now();
    for (const key of this.keys.values()) {
      for (const m of key.materials) {
        if (m.imported && m.validTo !== undefined && m.validTo.getTime() <= now.getTime()) {
          m.imported = false;
          this.expirations.push({ keyId: key.keyId, materialId: m.id, at: now });
        }
      }
    }
  }

  stateOf(key: ModelKey): string {
    if (key.deletionDate !== undefined) return 'PendingDeletion';
    const permanent = key.materials.filter((m) => m.state !== 'PENDING_ROTATION');
    if (key.origin === 'EXTERNAL' && (permanent.length === 0 || permanent.some((m) => !m.imported))) return 'PendingImport';
    return key.enabled ? 'Enabled' : 'Disabled';
  }

  /** The key an id, ARN, alias name or alias ARN names. */
  find(keyIdOrAlias: unknown): ModelKey {
    if (typeof keyIdOrAlias !== 'string' || keyIdOrAlias === '') throw kmsError('ValidationException', 'KeyId is required');
    const ref = keyIdOrAlias.includes(':alias/') ? keyIdOrAlias.slice(keyIdOrAlias.indexOf(':alias/') + 1) : keyIdOrAlias;
    const keyId = ref.startsWith('alias/') ? this.aliases.get(ref)?.keyId : ref.slice(ref.lastIndexOf('/') + 1);
    const key = keyId === undefined ? undefined : this.keys.get(keyId);
    if (key === undefined) throw kmsError('NotFoundException', 'the key or alias does not exist');
    return key;
  }

  metadata(key: ModelKey): Input {
    const expiring = key.materials.filter((m) => m.state !== 'PENDING_ROTATION' && m.validTo !== undefined);
    const validTo = expiring.length === 0 ? undefined : new Date(Math.min(...expiring.map((m) => m.validTo!.getTime())));
    const current = key.materials.find((m) => m.state === 'CURRENT');
    return {
      AWSAccountId: this.#model.account,
      KeyId: key.keyId,
      Arn: key.arn,
      CreationDate: key.created,
      Enabled: this.stateOf(key) === 'Enabled',
      Description: key.description,
      KeyUsage: key.usage,
      KeyState: this.stateOf(key),
      Origin: key.origin,
      KeySpec: key.spec,
      KeyManager: 'CUSTOMER',
      MultiRegion: false,
      ...(key.deletionDate !== undefined ? { DeletionDate: key.deletionDate } : {}),
      ...(key.origin === 'EXTERNAL' ? { ExpirationModel: validTo === undefined && key.materials.length > 0 ? 'KEY_MATERIAL_DOES_NOT_EXPIRE' : 'KEY_MATERIAL_EXPIRES' } : {}),
      ...(validTo !== undefined ? { ValidTo: validTo } : {}),
      ...(current !== undefined && key.spec === 'SYMMETRIC_DEFAULT' ? { CurrentKeyMaterialId: current.id } : {}),
    };
  }

  createKey(input: Input): Input {
    const keyId = randomUUID();
    const spec = (input['KeySpec'] as string | undefined) ?? 'SYMMETRIC_DEFAULT';
    const origin = (input['Origin'] as string | undefined) ?? 'AWS_KMS';
    if (!['SYMMETRIC_DEFAULT', 'HMAC_256'].includes(spec)) throw kmsError('UnsupportedOperationException', 'the model knows SYMMETRIC_DEFAULT and HMAC_256 keys');
    const tags = new Map<string, string>();
    this.#applyTags(tags, (input['Tags'] as Input[] | undefined) ?? []);
    const key: ModelKey = {
      keyId,
      arn: `arn:aws:kms:${this.#model.region}:${this.#model.account}:key/${keyId}`,
      created: this.now(),
      description: (input['Description'] as string | undefined) ?? '',
      spec,
      usage: (input['KeyUsage'] as string | undefined) ?? (spec.startsWith('HMAC') ? 'GENERATE_VERIFY_MAC' : 'ENCRYPT_DECRYPT'),
      origin,
      enabled: true,
      deletionDate: undefined,
      tags,
      materials: [],
    };
    if (origin === 'AWS_KMS') {
      const bytes = randomBytes(32);
      key.materials.push({ id: materialIdOf(keyId, bytes), bytes, description: undefined, imported: true, state: 'CURRENT', validTo: undefined, rotationDate: undefined });
    }
    this.keys.set(keyId, key);
    return { KeyMetadata: this.metadata(key) };
  }

  describeKey(input: Input): Input {
    return { KeyMetadata: this.metadata(this.find(input['KeyId'])) };
  }

  listKeys(input: Input): Input {
    const all = [...this.keys.values()].map((k) => ({ KeyId: k.keyId, KeyArn: k.arn }));
    return page(all, 'Keys', input);
  }

  /** Enables, disables, schedules or cancels deletion. */
  setEnabled(input: Input, enabled: boolean): Input {
    const key = this.usable(input['KeyId']);
    key.enabled = enabled;
    return {};
  }

  scheduleKeyDeletion(input: Input): Input {
    const key = this.usable(input['KeyId']);
    const days = (input['PendingWindowInDays'] as number | undefined) ?? 30;
    if (!Number.isInteger(days) || days < 7 || days > 30) throw kmsError('ValidationException', 'PendingWindowInDays must be 7 to 30');
    key.deletionDate = new Date(this.now().getTime() + days * 86_400_000);
    return { KeyId: key.arn, DeletionDate: key.deletionDate, KeyState: 'PendingDeletion', PendingWindowInDays: days };
  }

  listResourceTags(input: Input): Input {
    const key = this.find(input['KeyId']);
    const tags = [...key.tags].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
    return page(tags, 'Tags', input);
  }

  tagResource(input: Input): Input {
    const key = this.usable(input['KeyId']);
    this.#applyTags(key.tags, (input['Tags'] as Input[] | undefined) ?? []);
    return {};
  }

  untagResource(input: Input): Input {
    const key = this.usable(input['KeyId']);
    for (const tagKey of (input['TagKeys'] as string[] | undefined) ?? []) key.tags.delete(tagKey);
    return {};
  }

  /** A key that exists and is not pending deletion. */
  usable(ref: unknown): ModelKey {
    const key = this.find(ref);
    if (key.deletionDate !== undefined) throw kmsError('KMSInvalidStateException', 'the key is pending deletion');
    return key;
  }

  enabled(ref: unknown): ModelKey {
    const key = this.find(ref);
    const state = this.stateOf(key);
    if (state === 'Disabled') throw kmsError('DisabledException', 'the key is disabled');
    if (state !== 'Enabled') throw kmsError('KMSInvalidStateException', `the key is ${state}`);
    return key;
  }

  #applyTags(tags: Map<string, string>, given: Input[]): void {
    for (const tag of given) {
      const k = tag['TagKey'];
      const v = tag['TagValue'];
      if (typeof k !== 'string' || typeof v !== 'string' || k.length === 0 || k.length > 128 || v.length > 256 || k.startsWith('aws:')) {
        throw kmsError('TagException', 'a tag key or value is not valid');
      }
      tags.set(k, v);
    }
    if (tags.size > 50) throw kmsError('LimitExceededException', 'a key holds at most 50 tags');
  }
}

/** One page of `items` by Limit/Marker, as the List* operations answer. */
function page<T>(items: T[], field: string, input: Input): Input {
  const limit = (input['Limit'] as number | undefined) ?? 100;
  const start = input['Marker'] === undefined ? 0 : Number(input['Marker']);
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw kmsError('InvalidMarkerException', 'the marker is not valid');
  const end = Math.min(items.length, start + limit);
  return { [field]: items.slice(start, end), Truncated: end < items.length, ...(end < items.length ? { NextMarker: String(end) } : {}) };
}

export { KmsModel, materialIdOf, page };
export type { ModelAlias, ModelKey, ModelMaterial };
