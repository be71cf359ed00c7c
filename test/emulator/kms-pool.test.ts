import { createPublicKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WrappingAlgorithm } from '../../emulator/kms/constants.js';
import { decodeImportToken, encodeImportToken } from '../../emulator/kms/crypto/importToken.js';
import { WrappingKeyPool } from '../../emulator/kms/WrappingKeyPool.js';
import { createKmsService } from '../../emulator/kms/index.js';
import { createCsmsService } from '../../emulator/csms/index.js';
import { startTestEmulator } from '../helpers/emulator.js';

describe('Class: WrappingKeyPool', () => {
  it('fills up to its size in the background and hands out each key once', async () => {
    // Prepare
    const pool = new WrappingKeyPool({ size: 2 });
    try {
      // Act
      await pool.warm();
      const first = pool.take();
      const second = await pool.takeAsync();
      // Assess
      expect(first.publicKeyDer.equals(second.publicKeyDer)).toBe(false);
      const key = createPublicKey({ key: first.publicKeyDer, format: 'der', type: 'spki' });
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
      await pool.warm();
      expect(pool.available).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('generates on demand when cold and stops refilling once closed', async () => {
    const pool = new WrappingKeyPool({ size: 0 });
    const pair = await pool.takeAsync();
    expect(pair.privateKeyDer.length).toBeGreaterThan(1000);
    expect(pool.available).toBe(0);
    const refilling = new WrappingKeyPool({ size: 3 });
    await refilling.close();
    refilling.fill();
    expect(refilling.available).toBe(0);
  });
});

describe('Function: encodeImportToken / decodeImportToken', () => {
  const secret = randomBytes(32);
  const publicKeyDer = randomBytes(294);
  const claims = {
    tokenId: randomBytes(16).toString('hex'),
    keyId: '0d0466b0-e727-4d9c-b35d-f84bb474a37f',
    expiresAtSeconds: 1_900_000_000,
    wrappingAlgorithm: WrappingAlgorithm.RsaOaepSha256,
  };

  it('round-trips the claims in a 200-character base64 token', () => {
    const token = encodeImportToken(claims, publicKeyDer, secret);
    expect(token).toMatch(/^[0-9a-zA-Z+/=]{200,6144}$/);
    expect(decodeImportToken(token, secret)).toEqual(claims);
  });

  it('rejects any altered byte, another secret and garbage', () => {
    const token = Buffer.from(encodeImportToken(claims, publicKeyDer, secret), 'base64');
    for (const index of [0, 5, 20, 55, 61, 100, 149]) {
      const altered = Buffer.from(token);
      altered[index] = (altered[index] ?? 0) ^ 0x40;
      expect(decodeImportToken(altered.toString('base64'), secret), `byte ${index}`).toBeUndefined();
    }
    expect(decodeImportToken(token.toString('base64'), randomBytes(32))).toBeUndefined();
    expect(decodeImportToken('A'.repeat(200), secret)).toBeUndefined();
  });
});

describe('Route: get-parameters-for-import and the pool', () => {
  it('takes no wrapping key for a request that fails on an unknown or non-external key', async () => {
    // Prepare
    const kms = createKmsService({ wrappingKeyPool: { size: 2 } });
    const emu = await startTestEmulator({ clock: 'virtual', services: [() => kms, createCsmsService] });
    try {
      await kms.wrappingKeyPool.warm();
      const created = await emu.request('POST', '/v1.0/{project_id}/kms/create-key', { key_alias: 'pool-kms', origin: 'kms' });
      const params = (keyId: string) =>
        emu.request('POST', '/v1.0/{project_id}/kms/get-parameters-for-import', { key_id: keyId, wrapping_algorithm: 'RSAES_OAEP_SHA_256' });
      // Act
      const unknown = await params('00000000-0000-4000-8000-000000000000');
      const internal = await params(created.body.key_info.key_id);
      // Assess
      expect([unknown.status, unknown.body.error.error_code]).toEqual([404, 'KMS.0207']);
      expect([internal.status, internal.body.error.error_code]).toEqual([400, 'KMS.0309']);
      expect(kms.wrappingKeyPool.available).toBe(2);
    } finally {
      await emu.close();
    }
  });
});
