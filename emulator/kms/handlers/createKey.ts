/**
 * create-key (docs/huawei-api.md#kms-operations-used): a custom key, `origin` kms (material generated, state "2") or
 * external (state "5" at once: docs/emulator.md#kms-choices).
 */
import { createHash, generateKeyPair, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { ASYMMETRIC_SPECS, HistoryReason, KeySpec, KeyState, KeyUsage, KmsPatterns, Origin } from '../constants.js';
import { kmsError } from '../errors.js';
import type { KmsCall } from '../KmsCall.js';
import { optionalString, requireString } from '../validate.js';
import type { EmulatorRequest, EmulatorResponse } from '../../types.js';

const SPECS: ReadonlySet<string> = new Set(Object.values(KeySpec));

function createKey(call: KmsCall): EmulatorResponse {
  const { body, projectId } = call.req;
  // Decode and validate.
  const keyAlias = requireString(body, 'key_alias');
  if (!KmsPatterns.keyAlias.test(keyAlias) || keyAlias.endsWith('/default')) throw kmsError('KMS.1101');
  const keySpec = optionalString(body, 'key_spec') ?? KeySpec.Aes256;
  if (!SPECS.has(keySpec)) throw kmsError('KMS.0308', `Invalid key_spec: ${keySpec} is not supported.`);
  const asymmetric = ASYMMETRIC_SPECS.has(keySpec);
  const keyUsage = optionalString(body, 'key_usage') ?? (asymmetric ? KeyUsage.SignVerify : KeyUsage.EncryptDecrypt);
  if (!usageAllowed(keySpec, keyUsage)) throw kmsError('KMS.0308', `Invalid key_usage for ${keySpec}.`);
  const description = optionalString(body, 'key_description') ?? '';
  if (description.length > 255) throw kmsError('KMS.1103');
  const origin = optionalString(body, 'origin') ?? Origin.Kms;
  if (origin !== Origin.Kms && origin !== Origin.External) throw kmsError('KMS.0308', 'Invalid origin.');
  const keystoreId = optionalString(body, 'keystore_id');
  if (keystoreId !== undefined && keystoreId !== '0' && origin === Origin.External) {
    throw kmsError('KMS.0339');
  }
  // Check quotas and uniqueness.
  if (call.store.keys.aliasTaken(projectId, keyAlias)) throw kmsError('KMS.1104');
  if (call.store.keys.countLive(projectId) >= call.customKeysPerProject) throw kmsError('KMS.1105');
  // Act.
  const keyId = randomUUID();
  const prepared = Buffer.isBuffer(call.req.prepared) ? call.req.prepared : undefined;
  const material = origin === Origin.Kms ? (prepared ?? generateMaterial(keySpec)) : null;
  const state = material ? KeyState.Enabled : KeyState.PendingImport;
  try {
    call.store.keys.insert({
      key_id: keyId,
      project_id: projectId,
      domain_id: call.ctx.domainId,
      region: call.ctx.region,
      key_alias: keyAlias,
      key_description: description,
      key_spec: keySpec,
      key_usage: keyUsage,
      origin,
      key_state: state,
      created_ms: call.nowMs,
      material,
      material_sha256: material ? createHash('sha256').update(material).digest('hex') : null,
    });
  } finally {
    material?.fill(0);
  }
  call.store.history.append(keyId, call.nowMs, state, HistoryReason.Created);
  return { status: 200, body: { key_info: { key_id: keyId, domain_id: call.ctx.domainId, region_id: call.ctx.region } } };
}

function usageAllowed(keySpec: string, keyUsage: string): boolean {
  if (keySpec === KeySpec.Aes256) return keyUsage === KeyUsage.EncryptDecrypt;
  if (keySpec.startsWith('EC_')) return keyUsage === KeyUsage.SignVerify;
  return keyUsage === KeyUsage.SignVerify || keyUsage === KeyUsage.EncryptDecrypt;
}

const SPKI_DER = { type: 'spki', format: 'der' } as const;
const PKCS8_DER = { type: 'pkcs8', format: 'der' } as const;

/** KMS-generated material: 32 random bytes, or a PKCS#8 private key of the asymmetric spec (blocking). */
function generateMaterial(keySpec: string): Buffer {
  if (keySpec === KeySpec.Aes256) return randomBytes(32);
  if (keySpec.startsWith('EC_')) {
    const options = { namedCurve: curveOf(keySpec), publicKeyEncoding: SPKI_DER, privateKeyEncoding: PKCS8_DER };
    return generateKeyPairSync('ec', options).privateKey;
  }
  const options = { modulusLength: modulusOf(keySpec), publicKeyEncoding: SPKI_DER, privateKeyEncoding: PKCS8_DER };
  return generateKeyPairSync('rsa', options).privateKey;
}

function curveOf(keySpec: string): string {
  return keySpec === KeySpec.EcP256 ? 'prime256v1' : 'secp384r1';
}

function modulusOf(keySpec: string): number {
  return Number(keySpec.slice('RSA_'.length));
}

/**
 * Runs before the transaction: generates the private key of a kms-origin asymmetric key off the event loop
 * (an RSA-4096 key takes seconds). Anything else is left to the handler.
 */
async function prepareCreateKey(req: EmulatorRequest): Promise<Buffer | undefined> {
  const { origin, key_spec: keySpec } = req.body;
  if (origin !== undefined && origin !== Origin.Kms) return undefined;
  if (typeof keySpec !== 'string' || !ASYMMETRIC_SPECS.has(keySpec)) return undefined;
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, _publicKey: Buffer, privateKey: Buffer): void =>
      error ? reject(error) : resolve(privateKey);
    const encodings = { publicKeyEncoding: SPKI_DER, privateKeyEncoding: PKCS8_DER };
    if (keySpec.startsWith('EC_')) generateKeyPair('ec', { namedCurve: curveOf(keySpec), ...encodings }, done);
    else generateKeyPair('rsa', { modulusLength: modulusOf(keySpec), ...encodings }, done);
  });
}

export { createKey, prepareCreateKey };
