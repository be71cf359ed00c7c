import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
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
  kmsCall,
  nowSeconds,
  wrapPrivateKey,
  wrapWithPublicKey,
} from './kms-fixtures.js';

function ecPkcs8(namedCurve: string): Buffer {
  return generateKeyPairSync('ec', { namedCurve }).privateKey.export({ type: 'pkcs8', format: 'der' });
}

/** Wraps `pkcs8` under a fresh temporary key and imports it; returns the response. */
async function importPrivateKey(
  emu: TestEmulator,
  keyId: string,
  pkcs8: Buffer,
  options: { temporaryKeyBytes?: number; extra?: Record<string, unknown> } = {},
): Promise<Awaited<ReturnType<TestEmulator['request']>>> {
  const params = await getImportParameters(emu, keyId);
  const temporaryKey = randomBytes(options.temporaryKeyBytes ?? 32);
  // A temporary key of a size AES cannot use is refused before the private key is read.
  const wrappingKey = temporaryKey.length === 16 || temporaryKey.length === 32 ? temporaryKey : randomBytes(32);
  return kmsCall(emu, 'import-key-material', {
    key_id: keyId,
    import_token: params.import_token,
    encrypted_key_material: wrapWithPublicKey(params.public_key, temporaryKey),
    encrypted_privatekey: wrapPrivateKey(wrappingKey, pkcs8),
    ...options.extra,
  });
}

describe('KMS emulator: asymmetric import', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', start: new Date('2030-01-01T00:00:00Z') });
  });
  afterAll(async () => emu.close());

  it('imports an RSA_2048 key generated and wrapped with openssl (id-aes256-wrap-pad)', async () => {
    // Prepare: openssl genpkey, then pkcs8 -topk8 → PKCS#8 DER (genpkey's own DER is PKCS#1); openssl rand →
    // temporary key; enc -id-aes256-wrap-pad; pkeyutl OAEP-SHA256 of the temporary key.
    const keyId = await createKey(emu, { key_spec: 'RSA_2048' });
    const params = await getImportParameters(emu, keyId);
    const dir = mkdtempSync(join(tmpdir(), 'kms-asym-'));
    const file = (name: string): string => join(dir, name);
    let body: Record<string, string>;
    try {
      execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', file('pk.pem')], { stdio: 'ignore' });
      execFileSync('openssl', ['pkcs8', '-topk8', '-nocrypt', '-inform', 'PEM', '-outform', 'DER', '-in', file('pk.pem'), '-out', file('pk.der')]);
      execFileSync('openssl', ['rand', '-out', file('tmp.bin'), '32']);
      const hexKey = readFileSync(file('tmp.bin')).toString('hex');
      execFileSync('openssl', ['enc', '-id-aes256-wrap-pad', '-K', hexKey, '-iv', 'A65959A6', '-in', file('pk.der'), '-out', file('pk.wrapped')]);
      writeFileSync(file('wk.der'), Buffer.from(params.public_key, 'base64'));
      execFileSync('openssl', [
        'pkeyutl', '-encrypt', '-in', file('tmp.bin'), '-inkey', file('wk.der'), '-keyform', 'DER', '-pubin',
        '-out', file('tmp.enc'), '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256',
      ]);
      body = {
        key_id: keyId,
        import_token: params.import_token,
        encrypted_key_material: readFileSync(file('tmp.enc')).toString('base64'),
        encrypted_privatekey: readFileSync(file('pk.wrapped')).toString('base64'),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Act
    const res = await kmsCall(emu, 'import-key-material', body);
    // Assess
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const info = await describeKey(emu, keyId);
    expect([info.key_state, info.key_spec, info.expiration_time]).toEqual(['2', 'RSA_2048', '']);
  });

  it.each([
    ['EC_P256', 'prime256v1', 32],
    ['EC_P384', 'secp384r1', 16],
  ])('imports an %s key (%s) under a %i-byte temporary key', async (spec, curve, temporaryKeyBytes) => {
    const keyId = await createKey(emu, { key_spec: spec });
    const res = await importPrivateKey(emu, keyId, ecPkcs8(curve), { temporaryKeyBytes });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await describeKey(emu, keyId)).key_state).toBe('2');
  });

  it('refuses a temporary key that is neither 16 nor 32 bytes (KMS.2610)', async () => {
    const keyId = await createKey(emu, { key_spec: 'EC_P256' });
    expectKmsError(await importPrivateKey(emu, keyId, ecPkcs8('prime256v1'), { temporaryKeyBytes: 24 }), 400, 'KMS.2610');
  });

  it('refuses a missing private key (KMS.2608)', async () => {
    const keyId = await createKey(emu, { key_spec: 'EC_P256' });
    const params = await getImportParameters(emu, keyId);
    const res = await kmsCall(emu, 'import-key-material', {
      key_id: keyId,
      import_token: params.import_token,
      encrypted_key_material: wrapWithPublicKey(params.public_key, randomBytes(32)),
    });
    expectKmsError(res, 400, 'KMS.2608');
  });

  it('refuses a private key of another spec, not PKCS#8, or one that does not unwrap (KMS.2609)', async () => {
    const keyId = await createKey(emu, { key_spec: 'EC_P256' });
    expectKmsError(await importPrivateKey(emu, keyId, ecPkcs8('secp384r1')), 400, 'KMS.2609');
    const sec1 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'der' });
    expectKmsError(await importPrivateKey(emu, keyId, sec1), 400, 'KMS.2609');
    const params = await getImportParameters(emu, keyId);
    const res = await kmsCall(emu, 'import-key-material', {
      key_id: keyId,
      import_token: params.import_token,
      encrypted_key_material: wrapWithPublicKey(params.public_key, randomBytes(32)),
      encrypted_privatekey: randomBytes(200).toString('base64'),
    });
    expectKmsError(res, 400, 'KMS.2609');
  });

  it('refuses an expiration_time (KMS.0308), deleting the material (KMS.2702) and another private key (KMS.2606)', async () => {
    // Prepare
    const keyId = await createKey(emu, { key_spec: 'EC_P256' });
    const pkcs8 = ecPkcs8('prime256v1');
    const withExpiry = await importPrivateKey(emu, keyId, pkcs8, { extra: { expiration_time: nowSeconds(emu) + 3600 } });
    expectKmsError(withExpiry, 400, 'KMS.0308');
    expect((await importPrivateKey(emu, keyId, pkcs8)).status).toBe(200);
    // Act + Assess
    expectKmsError(await kmsCall(emu, 'delete-imported-key-material', { key_id: keyId }), 400, 'KMS.2702');
    expectKmsError(await importPrivateKey(emu, keyId, ecPkcs8('prime256v1')), 400, 'KMS.2606');
    expect((await importPrivateKey(emu, keyId, pkcs8)).status).toBe(200);
  });

  it('does not encrypt with an EC key (KMS.1114)', async () => {
    const keyId = await createKey(emu, { key_spec: 'EC_P256', origin: 'kms' });
    expectKmsError(await kmsCall(emu, 'encrypt-data', { key_id: keyId, plain_text: 'x' }), 400, 'KMS.1114');
  });
});
