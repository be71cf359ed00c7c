/**
 * encrypt-data / decrypt-data ciphertexts: AES-256-GCM under a key derived from the key's material, so data
 * sealed before the material expired opens again once the same material is re-imported.
 *
 *   version(1) | key id, ASCII(36) | salt(32) | iv(12) | tag(16) | ciphertext
 *
 * The per-message key is HKDF-SHA-256(material, salt). The additional data binds version, key id and the
 * canonical JSON of `encryption_context`, so a ciphertext opens only with the context it was sealed with.
 * A one-byte plaintext gives 98 bytes = 132 base64 characters, inside Huawei's `{128,5648}` regex.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 1;
const HEADER_BYTES = 1 + 36 + 32 + 12 + 16;
const HKDF_INFO = Buffer.from('byok-emulator encrypt-data v1');

type EncryptionContext = Record<string, string>;

interface SealedHeader {
  keyId: string;
}

function deriveKey(material: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', material, salt, HKDF_INFO, 32));
}

function additionalData(keyId: string, context: EncryptionContext | undefined): Buffer {
  const sorted = Object.keys(context ?? {})
    .sort()
    .map((name) => [name, context?.[name]]);
  return Buffer.from(`${VERSION}|${keyId}|${JSON.stringify(sorted)}`);
}

/** Seals `plain` under `material` for `keyId`; returns the wire ciphertext bytes. */
function sealData(keyId: string, material: Buffer, plain: Buffer, context?: EncryptionContext): Buffer {
  const salt = randomBytes(32);
  const iv = randomBytes(12);
  const key = deriveKey(material, salt);
  try {
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(additionalData(keyId, context));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const header = Buffer.alloc(1 + 36);
    header.writeUInt8(VERSION, 0);
    header.write(keyId, 1, 36, 'latin1');
    return Buffer.concat([header, salt, iv, cipher.getAuthTag(), body]);
  } finally {
    key.fill(0);
  }
}

/** The key id a ciphertext names, or `undefined` when the bytes are not one of our ciphertexts. */
function readSealedHeader(sealed: Buffer): SealedHeader | undefined {
  if (sealed.length <= HEADER_BYTES || sealed.readUInt8(0) !== VERSION) return undefined;
  return { keyId: sealed.subarray(1, 37).toString('latin1') };
}

/** Opens a ciphertext; throws when the material, context or bytes do not match. */
function openData(sealed: Buffer, material: Buffer, context?: EncryptionContext): Buffer {
  const keyId = sealed.subarray(1, 37).toString('latin1');
  const salt = sealed.subarray(37, 69);
  const iv = sealed.subarray(69, 81);
  const tag = sealed.subarray(81, HEADER_BYTES);
  const key = deriveKey(material, salt);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(additionalData(keyId, context));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]);
  } finally {
    key.fill(0);
  }
}

export { openData, readSealedHeader, sealData };
export type { EncryptionContext };
