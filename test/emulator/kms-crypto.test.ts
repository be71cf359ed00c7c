import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { createKey, expectKmsError, importMaterial, kmsCall } from './kms-fixtures.js';

describe('KMS emulator: encrypt-data / decrypt-data', () => {
  let emu: TestEmulator;
  let keyId: string;
  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', start: new Date('2030-01-01T00:00:00Z') });
    keyId = await createKey(emu);
    await importMaterial(emu, keyId, randomBytes(32));
  });
  afterAll(async () => emu.close());

  it('round-trips UTF-8 text in a base64 ciphertext inside Huawei\'s cipher_text regex', async () => {
    // Act
    const sealed = await kmsCall(emu, 'encrypt-data', { key_id: keyId, plain_text: 'ü' });
    const opened = await kmsCall(emu, 'decrypt-data', { cipher_text: sealed.body.cipher_text });
    // Assess
    expect(sealed.body.key_id).toBe(keyId);
    expect(sealed.body.cipher_text).toMatch(/^[0-9a-zA-Z+/=]{128,5648}$/);
    expect(opened.body).toEqual({ key_id: keyId, plain_text: 'ü', plain_text_base64: Buffer.from('ü').toString('base64') });
  });

  it('accepts 4096 bytes and refuses 4097 (KMS.2101)', async () => {
    const max = await kmsCall(emu, 'encrypt-data', { key_id: keyId, plain_text: 'a'.repeat(4096) });
    expect(max.body.cipher_text).toMatch(/^[0-9a-zA-Z+/=]{128,5648}$/);
    expectKmsError(await kmsCall(emu, 'encrypt-data', { key_id: keyId, plain_text: 'a'.repeat(4097) }), 400, 'KMS.2101');
    expectKmsError(await kmsCall(emu, 'encrypt-data', { key_id: keyId }), 400, 'KMS.0204');
  });

  it('binds encryption_context: the same context opens, another is refused (KMS.2201)', async () => {
    const sealed = await kmsCall(emu, 'encrypt-data', { key_id: keyId, plain_text: 'ctx', encryption_context: { a: '1', b: '2' } });
    const same = await kmsCall(emu, 'decrypt-data', { cipher_text: sealed.body.cipher_text, encryption_context: { b: '2', a: '1' } });
    expect(same.body.plain_text).toBe('ctx');
    expectKmsError(await kmsCall(emu, 'decrypt-data', { cipher_text: sealed.body.cipher_text }), 400, 'KMS.2201');
    expectKmsError(await kmsCall(emu, 'encrypt-data', { key_id: keyId, plain_text: 'x', encryption_context: [1] }), 400, 'KMS.0208');
  });

  it('refuses a tampered or foreign ciphertext (KMS.2201) and one naming an unknown key (KMS.0207)', async () => {
    const sealed = Buffer.from((await kmsCall(emu, 'encrypt-data', { key_id: keyId, plain_text: 'x' })).body.cipher_text, 'base64');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 1;
    expectKmsError(await kmsCall(emu, 'decrypt-data', { cipher_text: tampered.toString('base64') }), 400, 'KMS.2201');
    expectKmsError(await kmsCall(emu, 'decrypt-data', { cipher_text: randomBytes(120).toString('base64') }), 400, 'KMS.2201');
    const unknown = Buffer.from(sealed);
    unknown.write('00000000-0000-4000-8000-000000000000', 1, 'latin1');
    expectKmsError(await kmsCall(emu, 'decrypt-data', { cipher_text: unknown.toString('base64') }), 404, 'KMS.0207');
  });

  it('encrypts through an alias', async () => {
    const alias = `alias/crypto-${randomBytes(4).toString('hex')}`;
    await emu.request('POST', '/v1.0/{project_id}/kms/aliases', { key_id: keyId, alias });
    const sealed = await kmsCall(emu, 'encrypt-data', { key_id: alias, plain_text: 'via alias' });
    expect(sealed.body.key_id).toBe(keyId);
  });

  it('refuses a disabled key (KMS.0209), a key pending deletion (KMS.0210) and one pending import (KMS.1301)', async () => {
    // Prepare
    const other = await createKey(emu);
    await importMaterial(emu, other, randomBytes(32));
    const sealed = (await kmsCall(emu, 'encrypt-data', { key_id: other, plain_text: 'x' })).body.cipher_text;
    // Act + Assess
    await kmsCall(emu, 'disable-key', { key_id: other });
    expectKmsError(await kmsCall(emu, 'encrypt-data', { key_id: other, plain_text: 'x' }), 400, 'KMS.0209');
    expectKmsError(await kmsCall(emu, 'decrypt-data', { cipher_text: sealed }), 400, 'KMS.0209');
    await kmsCall(emu, 'schedule-key-deletion', { key_id: other, pending_days: '7' });
    expectKmsError(await kmsCall(emu, 'encrypt-data', { key_id: other, plain_text: 'x' }), 400, 'KMS.0210');
    expectKmsError(await kmsCall(emu, 'decrypt-data', { cipher_text: sealed }), 400, 'KMS.0210');
    await kmsCall(emu, 'cancel-key-deletion', { key_id: other });
    await kmsCall(emu, 'enable-key', { key_id: other });
    await kmsCall(emu, 'delete-imported-key-material', { key_id: other });
    expectKmsError(await kmsCall(emu, 'encrypt-data', { key_id: other, plain_text: 'x' }), 400, 'KMS.1301');
    expectKmsError(await kmsCall(emu, 'decrypt-data', { cipher_text: sealed }), 400, 'KMS.1301');
  });

  it('refuses an asymmetric encryption_algorithm on a symmetric key (KMS.2105)', async () => {
    const res = await kmsCall(emu, 'encrypt-data', { key_id: keyId, plain_text: 'x', encryption_algorithm: 'RSAES_OAEP_SHA_256' });
    expectKmsError(res, 400, 'KMS.2105');
  });
});
