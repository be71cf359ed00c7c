/**
 * Shared steps for the KMS emulator tests: paths, key creation, wrapping material the way a client does
 * (Node's crypto, independent of the emulator's code), and an assertion for Huawei's nested error shape.
 */
import { constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { HttpResult, TestEmulator } from '../helpers/emulator.js';

/** `/v1.0/{project_id}/kms/<operation>`; the helper fills in the project id. */
function kmsPath(operation: string): string {
  return `/v1.0/{project_id}/kms/${operation}`;
}

let aliasCounter = 0;
/** A key alias no other test in the process uses. */
function uniqueAlias(prefix = 'test'): string {
  aliasCounter += 1;
  return `${prefix}-${process.pid}-${aliasCounter}-${randomBytes(3).toString('hex')}`;
}

/** Asserts `res` is Huawei's nested KMS error with this status and code. */
function expectKmsError(res: HttpResult, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.error?.error_code }).toEqual({ status, code });
  expect(typeof res.body.error.error_msg).toBe('string');
}

async function kmsCall(emu: TestEmulator, operation: string, body: Record<string, unknown>): Promise<HttpResult> {
  return emu.request('POST', kmsPath(operation), body);
}

/** Creates a key and returns its id (fails the test on an error). */
async function createKey(emu: TestEmulator, body: Record<string, unknown> = {}): Promise<string> {
  const res = await kmsCall(emu, 'create-key', { key_alias: uniqueAlias(), origin: 'external', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.key_info.key_id as string;
}

async function describeKey(emu: TestEmulator, keyId: string): Promise<Record<string, string>> {
  const res = await kmsCall(emu, 'describe-key', { key_id: keyId });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.key_info;
}

interface ImportParameters {
  key_id: string;
  import_token: string;
  expiration_time: number;
  public_key: string;
}

async function getImportParameters(
  emu: TestEmulator,
  keyId: string,
  wrappingAlgorithm = 'RSAES_OAEP_SHA_256',
): Promise<ImportParameters> {
  const res = await kmsCall(emu, 'get-parameters-for-import', { key_id: keyId, wrapping_algorithm: wrappingAlgorithm });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as ImportParameters;
}

/** RSA-OAEP-SHA-256 (MGF1 SHA-256) under the returned wrapping key, base64, as Huawei's guide does. */
function wrapWithPublicKey(publicKeyBase64: string, plain: Buffer, oaepHash = 'sha256'): string {
  const key = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, plain).toString('base64');
}

/** RFC 5649 wrap (OpenSSL `id-aes256-wrap-pad`) of PKCS#8 DER under a temporary AES key, base64. */
function wrapPrivateKey(temporaryKey: Buffer, pkcs8Der: Buffer): string {
  const cipher = temporaryKey.length === 16 ? 'id-aes128-wrap-pad' : 'id-aes256-wrap-pad';
  const wrap = createCipheriv(cipher, temporaryKey, Buffer.from('A65959A6', 'hex'));
  return Buffer.concat([wrap.update(pkcs8Der), wrap.final()]).toString('base64');
}

/** get-parameters-for-import, wrap, import-key-material; returns the import response. */
async function importMaterial(
  emu: TestEmulator,
  keyId: string,
  material: Buffer,
  extra: Record<string, unknown> = {},
): Promise<HttpResult> {
  const params = await getImportParameters(emu, keyId);
  return kmsCall(emu, 'import-key-material', {
    key_id: keyId,
    import_token: params.import_token,
    encrypted_key_material: wrapWithPublicKey(params.public_key, material),
    ...extra,
  });
}

/** The emulator clock in epoch seconds. */
function nowSeconds(emu: TestEmulator): number {
  return Math.floor(emu.now().getTime() / 1000);
}

export {
  createKey,
  describeKey,
  expectKmsError,
  getImportParameters,
  importMaterial,
  kmsCall,
  kmsPath,
  nowSeconds,
  uniqueAlias,
  wrapPrivateKey,
  wrapWithPublicKey,
};
export type { ImportParameters };
