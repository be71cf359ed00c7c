/**
 * The model's KMS aliases (CreateAlias refuses an alias that exists: the compare-and-set the sweep lock relies on)
 * and its encrypt/decrypt: real AES-256-GCM with the key's CURRENT material, so a test can prove which material a
 * key holds (the blob: magic, key id, material id, iv, tag, data).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KmsModel } from './KmsModel.js';
import { page } from './KmsModel.js';
import { kmsError } from './modelErrors.js';

type Input = Record<string, unknown>;
const BLOB_MAGIC = Buffer.from('MDL1');
const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;

function aliasName(value: unknown): string {
  if (typeof value !== 'string' || !ALIAS_NAME.test(value) || value.startsWith('alias/aws/')) throw kmsError('InvalidAliasNameException', 'the alias name is not valid');
  return value;
}

function createAlias(kms: KmsModel, input: Input): Input {
  const name = aliasName(input['AliasName']);
  const key = kms.usable(input['TargetKeyId']);
  if (kms.aliases.has(name)) throw kmsError('AlreadyExistsException', 'the alias exists');
  kms.aliases.set(name, { keyId: key.keyId, created: kms.now(), updated: kms.now() });
  return {};
}

function updateAlias(kms: KmsModel, input: Input): Input {
  const name = aliasName(input['AliasName']);
  const alias = kms.aliases.get(name);
  if (alias === undefined) throw kmsError('NotFoundException', 'the alias does not exist');
  const key = kms.usable(input['TargetKeyId']);
  kms.aliases.set(name, { ...alias, keyId: key.keyId, updated: kms.now() });
  return {};
}

function deleteAlias(kms: KmsModel, input: Input): Input {
  const name = aliasName(input['AliasName']);
  if (!kms.aliases.delete(name)) throw kmsError('NotFoundException', 'the alias does not exist');
  return {};
}

function listAliases(kms: KmsModel, input: Input): Input {
  const only = input['KeyId'] === undefined ? undefined : kms.find(input['KeyId']).keyId;
  const all = [...kms.aliases]
    .filter(([, a]) => only === undefined || a.keyId === only)
    .map(([AliasName, a]) => ({ AliasName, AliasArn: `arn:aws:kms:${kms.region}:${kms.account}:${AliasName}`, TargetKeyId: a.keyId, CreationDate: a.created, LastUpdatedDate: a.updated }));
  return page(all, 'Aliases', input);
}

function encrypt(kms: KmsModel, input: Input): Input {
  const key = kms.enabled(input['KeyId']);
  const material = key.materials.find((m) => m.state === 'CURRENT')!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', material.bytes, iv);
  const body = Buffer.concat([cipher.update(Buffer.from(input['Plaintext'] as Uint8Array)), cipher.final()]);
  const blob = Buffer.concat([BLOB_MAGIC, Buffer.from(key.keyId, 'ascii'), Buffer.from(material.id, 'hex'), iv, cipher.getAuthTag(), body]);
  return { CiphertextBlob: new Uint8Array(blob), KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
}

function decrypt(kms: KmsModel, input: Input): Input {
  const blob = Buffer.from(input['CiphertextBlob'] as Uint8Array);
  if (blob.length < 100 || !blob.subarray(0, 4).equals(BLOB_MAGIC)) throw kmsError('InvalidCiphertextException', 'not a ciphertext of this account');
  const key = kms.enabled(blob.subarray(4, 40).toString('ascii'));
  const material = key.materials.find((m) => m.id === blob.subarray(40, 72).toString('hex') && m.state !== 'PENDING_ROTATION');
  if (material === undefined) throw kmsError('InvalidCiphertextException', 'no key material of this key encrypted it');
  const decipher = createDecipheriv('aes-256-gcm', material.bytes, blob.subarray(72, 84));
  decipher.setAuthTag(blob.subarray(84, 100));
  try {
    return { Plaintext: new Uint8Array(Buffer.concat([decipher.update(blob.subarray(100)), decipher.final()])), KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
  } catch {
    throw kmsError('InvalidCiphertextException', 'the ciphertext does not authenticate');
  }
}

export { createAlias, decrypt, deleteAlias, encrypt, listAliases, updateAlias };
