import { execFileSync } from 'node:child_process';
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import {
  createKey,
  describeKey,
  expectKmsError,
  getImportParameters,
  importMaterial,
  kmsCall,
  nowSeconds,
  wrapWithPublicKey,
} from './kms-fixtures.js';

describe('KMS emulator: import', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', start: new Date('2030-01-01T00:00:00Z') });
  });
  afterAll(async () => emu.close());

  describe('Function: get-parameters-for-import', () => {
    it('returns a fresh RSA-2048 SPKI key and a 24 h token per call', async () => {
      // Prepare
      const keyId = await createKey(emu);
      // Act
      const first = await getImportParameters(emu, keyId);
      const second = await getImportParameters(emu, keyId);
      // Assess
      expect(Object.keys(first).sort()).toEqual(['expiration_time', 'import_token', 'key_id', 'public_key']);
      expect(first.key_id).toBe(keyId);
      expect(first.import_token).toMatch(/^[0-9a-zA-Z+/=]{200,6144}$/);
      expect(first.expiration_time).toBe(nowSeconds(emu) + 86_400);
      expect(first.public_key.startsWith('MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A')).toBe(true);
      const key = createPublicKey({ key: Buffer.from(first.public_key, 'base64'), format: 'der', type: 'spki' });
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
      expect(second.public_key).not.toBe(first.public_key);
      expect(second.import_token).not.toBe(first.import_token);
    });

    it('refuses SM2_ENCRYPT as unsupported in this region and unknown algorithms (KMS.0308)', async () => {
      const keyId = await createKey(emu);
      const sm2 = await kmsCall(emu, 'get-parameters-for-import', { key_id: keyId, wrapping_algorithm: 'SM2_ENCRYPT' });
      expectKmsError(sm2, 400, 'KMS.0308');
      expect(sm2.body.error.error_msg).toMatch(/not supported in this region/);
      const other = await kmsCall(emu, 'get-parameters-for-import', { key_id: keyId, wrapping_algorithm: 'RSA_AES_KEY_WRAP' });
      expectKmsError(other, 400, 'KMS.0308');
      expectKmsError(await kmsCall(emu, 'get-parameters-for-import', { key_id: keyId }), 400, 'KMS.0204');
    });

    it('refuses a key that is not external (KMS.0309)', async () => {
      const keyId = await createKey(emu, { origin: 'kms' });
      const res = await kmsCall(emu, 'get-parameters-for-import', { key_id: keyId, wrapping_algorithm: 'RSAES_OAEP_SHA_256' });
      expectKmsError(res, 400, 'KMS.0309');
    });
  });

  describe('Function: import-key-material', () => {
    it('imports material wrapped by the guide\'s openssl procedure; the key is "2" and encrypts', async () => {
      // Prepare: Huawei's "Importing Key Material" steps, run with openssl in a scratch folder.
      const keyId = await createKey(emu);
      const params = await getImportParameters(emu, keyId);
      const dir = mkdtempSync(join(tmpdir(), 'kms-openssl-'));
      let encrypted: string;
      try {
        execFileSync('openssl', ['rand', '-out', join(dir, 'mat.bin'), '32']);
        writeFileSync(join(dir, 'wk.der'), Buffer.from(params.public_key, 'base64'));
        execFileSync('openssl', [
          'pkeyutl', '-encrypt', '-in', join(dir, 'mat.bin'), '-inkey', join(dir, 'wk.der'), '-keyform', 'DER',
          '-pubin', '-out', join(dir, 'enc.bin'), '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256',
        ]);
        encrypted = readFileSync(join(dir, 'enc.bin')).toString('base64');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      // Act
      const res = await kmsCall(emu, 'import-key-material', {
        key_id: keyId,
        import_token: params.import_token,
        encrypted_key_material: encrypted,
      });
      // Assess
      expect(res.status).toBe(200);
      expect(res.body).toEqual({});
      expect((await describeKey(emu, keyId)).key_state).toBe('2');
      const sealed = await kmsCall(emu, 'encrypt-data', { key_id: keyId, plain_text: 'probe' });
      const opened = await kmsCall(emu, 'decrypt-data', { cipher_text: sealed.body.cipher_text });
      expect(opened.body).toEqual({ key_id: keyId, plain_text: 'probe', plain_text_base64: Buffer.from('probe').toString('base64') });
    });

    it('accepts the legacy RSAES_OAEP_SHA_1 and RSAES_PKCS1_V1_5 wrappings', async () => {
      for (const [algorithm, oaepHash] of [['RSAES_OAEP_SHA_1', 'sha1'], ['RSAES_PKCS1_V1_5', 'pkcs1']] as const) {
        const keyId = await createKey(emu);
        const params = await getImportParameters(emu, keyId, algorithm);
        const material = randomBytes(32);
        const encrypted =
          oaepHash === 'pkcs1' ? pkcs1Wrap(params.public_key, material) : wrapWithPublicKey(params.public_key, material, oaepHash);
        const res = await kmsCall(emu, 'import-key-material', {
          key_id: keyId,
          import_token: params.import_token,
          encrypted_key_material: encrypted,
        });
        expect(res.status, algorithm).toBe(200);
      }
    });

    it('sets expiration_time from epoch seconds, as a number or a numeric string', async () => {
      const keyId = await createKey(emu);
      const expiresAt = nowSeconds(emu) + 3600;
      expect((await importMaterial(emu, keyId, randomBytes(32), { expiration_time: String(expiresAt) })).status).toBe(200);
      expect((await describeKey(emu, keyId)).expiration_time).toBe(String(expiresAt * 1000));
    });

    it('refuses a key that is not external (KMS.0309)', async () => {
      const external = await createKey(emu);
      const params = await getImportParameters(emu, external);
      const kmsKey = await createKey(emu, { origin: 'kms' });
      const res = await kmsCall(emu, 'import-key-material', {
        key_id: kmsKey,
        import_token: params.import_token,
        encrypted_key_material: wrapWithPublicKey(params.public_key, randomBytes(32)),
      });
      expectKmsError(res, 400, 'KMS.0309');
    });

    it('refuses an enabled key when reimport_enabled_key is "reject" (KMS.0310)', async () => {
      // Prepare
      const keyId = await createKey(emu);
      const material = randomBytes(32);
      await importMaterial(emu, keyId, material);
      await emu.setConfig({ reimport_enabled_key: 'reject' });
      try {
        // Act + Assess
        expectKmsError(await importMaterial(emu, keyId, material), 400, 'KMS.0310');
      } finally {
        await emu.setConfig({ reimport_enabled_key: 'allow' });
      }
    });

    it('refreshes the expiry of an enabled key with the same material when reimport is "allow"', async () => {
      // Prepare
      const keyId = await createKey(emu);
      const material = randomBytes(32);
      await importMaterial(emu, keyId, material, { expiration_time: nowSeconds(emu) + 3600 });
      const later = nowSeconds(emu) + 7 * 86_400;
      // Act
      const res = await importMaterial(emu, keyId, material, { expiration_time: later });
      // Assess
      expect(res.status).toBe(200);
      const info = await describeKey(emu, keyId);
      expect([info.key_state, info.expiration_time]).toEqual(['2', String(later * 1000)]);
      expectKmsError(await importMaterial(emu, keyId, randomBytes(32)), 400, 'KMS.2606');
    });

    it('refuses an expired token (KMS.2601)', async () => {
      const keyId = await createKey(emu);
      const params = await getImportParameters(emu, keyId);
      await emu.advance(86_400);
      const res = await kmsCall(emu, 'import-key-material', {
        key_id: keyId,
        import_token: params.import_token,
        encrypted_key_material: wrapWithPublicKey(params.public_key, randomBytes(32)),
      });
      expectKmsError(res, 400, 'KMS.2601');
    });

    it('refuses an expiration_time that is not in the future (KMS.2602) or not in seconds (KMS.0308)', async () => {
      const keyId = await createKey(emu);
      expectKmsError(await importMaterial(emu, keyId, randomBytes(32), { expiration_time: nowSeconds(emu) }), 400, 'KMS.2602');
      const inMs = (nowSeconds(emu) + 3600) * 1000;
      expectKmsError(await importMaterial(emu, keyId, randomBytes(32), { expiration_time: inMs }), 400, 'KMS.0308');
      expectKmsError(await importMaterial(emu, keyId, randomBytes(32), { expiration_time: 'tomorrow' }), 400, 'KMS.0308');
    });

    it('refuses a token issued for another key (KMS.2603)', async () => {
      const [keyA, keyB] = [await createKey(emu), await createKey(emu)];
      const params = await getImportParameters(emu, keyA);
      const res = await kmsCall(emu, 'import-key-material', {
        key_id: keyB,
        import_token: params.import_token,
        encrypted_key_material: wrapWithPublicKey(params.public_key, randomBytes(32)),
      });
      expectKmsError(res, 400, 'KMS.2603');
    });

    it('refuses material that is not 32 bytes (KMS.2604)', async () => {
      const keyId = await createKey(emu);
      expectKmsError(await importMaterial(emu, keyId, randomBytes(16)), 400, 'KMS.2604');
    });

    it('refuses a forged, altered or reused token (KMS.2605)', async () => {
      // Prepare
      const keyId = await createKey(emu);
      const params = await getImportParameters(emu, keyId);
      const material = randomBytes(32);
      const body = { key_id: keyId, encrypted_key_material: wrapWithPublicKey(params.public_key, material) };
      const token = Buffer.from(params.import_token, 'base64');
      token[120] = (token[120] ?? 0) ^ 1;
      // Act + Assess
      const forged = await kmsCall(emu, 'import-key-material', { ...body, import_token: randomBytes(150).toString('base64') });
      expectKmsError(forged, 400, 'KMS.2605');
      const altered = await kmsCall(emu, 'import-key-material', { ...body, import_token: token.toString('base64') });
      expectKmsError(altered, 400, 'KMS.2605');
      expect((await kmsCall(emu, 'import-key-material', { ...body, import_token: params.import_token })).status).toBe(200);
      const reused = await kmsCall(emu, 'import-key-material', { ...body, import_token: params.import_token });
      expectKmsError(reused, 400, 'KMS.2605');
    });

    it('refuses different material after the first import, even once the material was deleted (KMS.2606)', async () => {
      const keyId = await createKey(emu);
      const material = randomBytes(32);
      await importMaterial(emu, keyId, material);
      expect((await kmsCall(emu, 'delete-imported-key-material', { key_id: keyId })).status).toBe(200);
      expectKmsError(await importMaterial(emu, keyId, randomBytes(32)), 400, 'KMS.2606');
      expect((await importMaterial(emu, keyId, material)).status).toBe(200);
    });

    it('answers KMS.0311 when the material was not wrapped with the token\'s key', async () => {
      const keyId = await createKey(emu);
      const params = await getImportParameters(emu, keyId);
      const otherKey = await getImportParameters(emu, keyId);
      const res = await kmsCall(emu, 'import-key-material', {
        key_id: keyId,
        import_token: params.import_token,
        encrypted_key_material: wrapWithPublicKey(otherKey.public_key, randomBytes(32)),
      });
      expectKmsError(res, 400, 'KMS.0311');
    });

    it('checks the import_token and encrypted_key_material formats (KMS.0308)', async () => {
      const keyId = await createKey(emu);
      const params = await getImportParameters(emu, keyId);
      const wrapped = wrapWithPublicKey(params.public_key, randomBytes(32));
      const shortToken = await kmsCall(emu, 'import-key-material', { key_id: keyId, import_token: 'abc', encrypted_key_material: wrapped });
      expectKmsError(shortToken, 400, 'KMS.0308');
      const shortMaterial = await kmsCall(emu, 'import-key-material', {
        key_id: keyId,
        import_token: params.import_token,
        encrypted_key_material: 'QUJD',
      });
      expectKmsError(shortMaterial, 400, 'KMS.0308');
    });
  });

  describe('Function: delete-imported-key-material', () => {
    it('moves an enabled or disabled key to "5" and clears its expiry', async () => {
      const keyId = await createKey(emu);
      await importMaterial(emu, keyId, randomBytes(32), { expiration_time: nowSeconds(emu) + 3600 });
      await kmsCall(emu, 'disable-key', { key_id: keyId });
      const res = await kmsCall(emu, 'delete-imported-key-material', { key_id: keyId });
      expect(res.status).toBe(200);
      const info = await describeKey(emu, keyId);
      expect([info.key_state, info.expiration_time]).toEqual(['5', '']);
    });

    it('refuses a key without material (KMS.2701) and a kms-origin key (KMS.0309)', async () => {
      expectKmsError(await kmsCall(emu, 'delete-imported-key-material', { key_id: await createKey(emu) }), 400, 'KMS.2701');
      const kmsKey = await createKey(emu, { origin: 'kms' });
      expectKmsError(await kmsCall(emu, 'delete-imported-key-material', { key_id: kmsKey }), 400, 'KMS.0309');
    });
  });
});

/** PKCS#1 v1.5 public-key encryption (allowed in Node; only private decryption is restricted). */
function pkcs1Wrap(publicKeyBase64: string, plain: Buffer): string {
  const key = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, plain).toString('base64');
}
