/**
 * The model's imports: GetParametersForImport (a wrapping key per spec and a token bound to key, wrapping key and
 * algorithm, valid 24 h, spent by one import), ImportKeyMaterial (real RSA-OAEP unwrap; the same-material rule; the
 * 365-day cap; ImportType and KeyMaterialId as AWS documents them), ListKeyRotations, RotateKeyOnDemand and
 * DeleteImportedKeyMaterial.
 */
import { constants, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { KmsModel, ModelKey, ModelMaterial } from './KmsModel.js';
import { materialIdOf, page } from './KmsModel.js';
import { kmsError } from './modelErrors.js';

type Input = Record<string, unknown>;

interface ImportToken {
  keyId: string;
  privateKey: KeyObject;
  algorithm: string;
  validTo: Date;
  used: boolean;
}

const TOKEN_LIFETIME_MS = 24 * 3_600_000;
/** An opaque blob; AWS documents ImportToken up to 6,144 bytes (docs/aws.md#wrapping). */
const TOKEN_BYTES = 1_600;
const MAX_VALID_MS = 365 * 86_400_000;
const BITS: Record<string, number> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };
const OAEP_HASH: Record<string, string> = { RSAES_OAEP_SHA_256: 'sha256', RSAES_OAEP_SHA_1: 'sha1' };

/** Wrapping key pairs per size, made once per process (RSA-4096 takes seconds) and handed out in turn. */
const pairs = new Map<number, Array<{ publicKey: KeyObject; privateKey: KeyObject }>>();
let turn = 0;
function wrappingPair(bits: number): { publicKey: KeyObject; privateKey: KeyObject } {
  const pool = pairs.get(bits) ?? [];
  if (pool.length < 2) pool.push(generateKeyPairSync('rsa', { modulusLength: bits }));
  pairs.set(bits, pool);
  return pool[(turn += 1) % pool.length]!;
}

/** Import tokens by their base64 text. */
const tokens = new WeakMap<KmsModel, Map<string, ImportToken>>();
function tokensOf(kms: KmsModel): Map<string, ImportToken> {
  const map = tokens.get(kms) ?? new Map<string, ImportToken>();
  tokens.set(kms, map);
  return map;
}

function external(kms: KmsModel, ref: unknown): ModelKey {
  const key = kms.find(ref);
  if (key.origin !== 'EXTERNAL') throw kmsError('UnsupportedOperationException', 'the key was not created for imported material');
  if (key.deletionDate !== undefined) throw kmsError('KMSInvalidStateException', 'the key is pending deletion');
  return key;
}

function getParametersForImport(kms: KmsModel, input: Input): Input {
  const key = external(kms, input['KeyId']);
  const algorithm = input['WrappingAlgorithm'] as string;
  const bits = BITS[input['WrappingKeySpec'] as string];
  if (algorithm === 'RSAES_PKCS1_V1_5') throw kmsError('ValidationException', 'RSAES_PKCS1_V1_5 is no longer supported');
  if (OAEP_HASH[algorithm] === undefined || bits === undefined) throw kmsError('ValidationException', 'the model wraps with RSAES_OAEP_SHA_256/SHA_1 and RSA_2048/3072/4096');
  const pair = wrappingPair(bits);
  const token = randomBytes(TOKEN_BYTES);
  const validTo = new Date(kms.now().getTime() + TOKEN_LIFETIME_MS);
  tokensOf(kms).set(token.toString('base64'), { keyId: key.keyId, privateKey: pair.privateKey, algorithm, validTo, used: false });
  return {
    KeyId: key.arn,
    ImportToken: new Uint8Array(token),
    PublicKey: new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' })),
    ParametersValidTo: validTo,
  };
}

/** Checks the token and unwraps the material with its private key. */
function unwrap(kms: KmsModel, key: ModelKey, input: Input): Buffer {
  const text = Buffer.from((input['ImportToken'] as Uint8Array | undefined) ?? []).toString('base64');
  const token = tokensOf(kms).get(text);
  if (token === undefined || token.keyId !== key.keyId || token.used) throw kmsError('InvalidImportTokenException', 'the import token is not valid for this key');
  if (token.validTo.getTime() <= kms.now().getTime()) throw kmsError('ExpiredImportTokenException', 'the import token expired');
  try {
    return privateDecrypt(
      { key: token.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASH[token.algorithm]! },
      Buffer.from((input['EncryptedKeyMaterial'] as Uint8Array | undefined) ?? []),
    );
  } catch {
    throw kmsError('InvalidCiphertextException', 'the key material could not be decrypted with the wrapping key');
  } finally {
    token.used = true;
  }
}

/** ExpirationModel and ValidTo, checked as AWS does. */
function expiryOf(kms: KmsModel, input: Input): Date | undefined {
  const model = (input['ExpirationModel'] as string | undefined) ?? 'KEY_MATERIAL_EXPIRES';
  const validTo = input['ValidTo'] as Date | undefined;
  if (model === 'KEY_MATERIAL_DOES_NOT_EXPIRE') {
    if (validTo !== undefined) throw kmsError('ValidationException', 'ValidTo is not valid with KEY_MATERIAL_DOES_NOT_EXPIRE');
    return undefined;
  }
  if (!(validTo instanceof Date)) throw kmsError('ValidationException', 'ValidTo is required with KEY_MATERIAL_EXPIRES');
  const ahead = validTo.getTime() - kms.now().getTime();
  if (ahead <= 0 || ahead > MAX_VALID_MS) throw kmsError('ValidationException', 'ValidTo must be in the future and at most 365 days ahead');
  return validTo;
}

function importKeyMaterial(kms: KmsModel, input: Input): Input {
  const key = external(kms, input['KeyId']);
  // AWS's key-state table lets ImportKeyMaterial run on a Disabled key (docs/aws.md#disabled-keys): the key stays
  // Disabled. Only a key pending deletion refuses it (`external` above).
  const symmetric = key.spec === 'SYMMETRIC_DEFAULT';
  const importType = input['ImportType'] as string | undefined;
  const givenId = input['KeyMaterialId'] as string | undefined;
  if (!symmetric && (importType !== undefined || givenId !== undefined || input['KeyMaterialDescription'] !== undefined)) {
    throw kmsError('ValidationException', 'ImportType, KeyMaterialId and KeyMaterialDescription are for symmetric encryption keys');
  }
  const validTo = expiryOf(kms, input);
  const bytes = unwrap(kms, key, input);
  if (bytes.length !== 32) throw kmsError('ValidationException', 'the key material must be 32 bytes');
  const id = materialIdOf(key.keyId, bytes);
  const type = importType ?? (key.materials.length === 0 ? 'NEW_KEY_MATERIAL' : 'EXISTING_KEY_MATERIAL');
  const description = (input['KeyMaterialDescription'] as string | undefined) ?? undefined;
  let material: ModelMaterial | undefined = key.materials.find((m) => m.id === id);
  if (type === 'NEW_KEY_MATERIAL') {
    if (givenId !== undefined) throw kmsError('ValidationException', 'KeyMaterialId is not valid with NEW_KEY_MATERIAL');
    if (key.materials.length > 0 && !symmetric) throw kmsError('IncorrectKeyMaterialException', 'this key takes one material');
    if (material !== undefined) throw kmsError('IncorrectKeyMaterialException', 'this material is already associated with the key');
    if (key.materials.some((m) => m.state === 'PENDING_ROTATION')) throw kmsError('KMSInvalidStateException', 'another material is pending rotation');
    material = { id, bytes, description, imported: true, state: key.materials.length === 0 ? 'CURRENT' : 'PENDING_ROTATION', validTo, rotationDate: undefined };
    key.materials.push(material);
  } else {
    if (material === undefined || (givenId !== undefined && givenId !== id)) throw kmsError('IncorrectKeyMaterialException', 'the key material does not match the key');
    material.imported = true;
    material.validTo = validTo;
    if (description !== undefined) material.description = description;
  }
  return { KeyId: key.arn, KeyMaterialId: id };
}

function listKeyRotations(kms: KmsModel, input: Input): Input {
  const key = kms.find(input['KeyId']);
  if (key.spec !== 'SYMMETRIC_DEFAULT') throw kmsError('UnsupportedOperationException', 'only symmetric encryption keys have rotations');
  const all = input['IncludeKeyMaterial'] === 'ALL_KEY_MATERIAL';
  const first = key.materials[0];
  const listed = key.materials.filter((m) => all || (m !== first && m.state !== 'PENDING_ROTATION'));
  const entries = listed.map((m) => ({
    KeyId: key.arn,
    KeyMaterialId: m.id,
    ...(key.origin === 'EXTERNAL'
      ? {
          ...(m.description !== undefined ? { KeyMaterialDescription: m.description } : {}),
          ImportState: m.imported ? 'IMPORTED' : 'PENDING_IMPORT',
          ExpirationModel: m.validTo === undefined ? 'KEY_MATERIAL_DOES_NOT_EXPIRE' : 'KEY_MATERIAL_EXPIRES',
          ...(m.validTo !== undefined ? { ValidTo: m.validTo } : {}),
        }
      : {}),
    KeyMaterialState: m.state,
    ...(m.rotationDate !== undefined ? { RotationDate: m.rotationDate, RotationType: 'ON_DEMAND' } : {}),
  }));
  return page(entries, 'Rotations', input);
}

function rotateKeyOnDemand(kms: KmsModel, input: Input): Input {
  const key = kms.find(input['KeyId']);
  const state = kms.stateOf(key);
  if (state === 'Disabled') throw kmsError('DisabledException', 'the key is disabled');
  if (state !== 'Enabled') throw kmsError('KMSInvalidStateException', `the key is ${state}`);
  if (key.spec !== 'SYMMETRIC_DEFAULT') throw kmsError('UnsupportedOperationException', 'only symmetric encryption keys rotate');
  const pending = key.materials.find((m) => m.state === 'PENDING_ROTATION');
  if (key.origin === 'EXTERNAL' && pending === undefined) throw kmsError('KMSInvalidStateException', 'import new key material (NEW_KEY_MATERIAL) before rotating');
  for (const m of key.materials) if (m.state === 'CURRENT') m.state = 'NON_CURRENT';
  pending!.state = 'CURRENT';
  pending!.rotationDate = kms.now();
  return { KeyId: key.arn };
}

function deleteImportedKeyMaterial(kms: KmsModel, input: Input): Input {
  const key = external(kms, input['KeyId']);
  const only = input['KeyMaterialId'] as string | undefined;
  for (const m of key.materials) if (only === undefined || m.id === only) m.imported = false;
  return { KeyId: key.arn };
}

export { deleteImportedKeyMaterial, getParametersForImport, importKeyMaterial, listKeyRotations, rotateKeyOnDemand };
