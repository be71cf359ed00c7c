import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
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
import type { ImportParameters } from './kms-fixtures.js';

const HOUR = 3600;

async function history(emu: TestEmulator, keyId: string): Promise<any> {
  const res = await emu.request('GET', `/_emulator/keys/${keyId}/history`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('KMS emulator: material expiry on the virtual clock', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', start: new Date('2030-01-01T00:00:00Z') });
  });
  afterAll(async () => emu.close());

  it('keeps the key working between expiry and deletion, then deletes the material after the delay', async () => {
    // Prepare
    const keyId = await createKey(emu);
    const material = randomBytes(32);
    expect((await importMaterial(emu, keyId, material, { expiration_time: nowSeconds(emu) + HOUR })).status).toBe(200);
    const sealed = await kmsCall(emu, 'encrypt-data', { key_id: keyId, plain_text: 'before expiry' });
    // Act: just past the expiry, still inside the deletion delay (default 3600 s).
    await emu.advance(HOUR + 10);
    // Assess
    expect((await describeKey(emu, keyId)).key_state).toBe('2');
    expect((await kmsCall(emu, 'decrypt-data', { cipher_text: sealed.body.cipher_text })).status).toBe(200);
    // Act: past expiry + delay.
    await emu.advance(HOUR);
    // Assess
    const info = await describeKey(emu, keyId);
    expect([info.key_state, info.expiration_time]).toEqual(['5', '']);
    expectKmsError(await kmsCall(emu, 'decrypt-data', { cipher_text: sealed.body.cipher_text }), 400, 'KMS.1301');
    expectKmsError(await kmsCall(emu, 'encrypt-data', { key_id: keyId, plain_text: 'x' }), 400, 'KMS.1301');
  });

  it('decrypts old ciphertexts after the same material is re-imported, and refuses other material (KMS.2606)', async () => {
    // Prepare
    const keyId = await createKey(emu);
    const material = randomBytes(32);
    await importMaterial(emu, keyId, material, { expiration_time: nowSeconds(emu) + HOUR });
    const sealed = await kmsCall(emu, 'encrypt-data', {
      key_id: keyId,
      plain_text: 'kept across re-import',
      encryption_context: { purpose: 'test' },
    });
    await emu.advance(3 * HOUR);
    expect((await describeKey(emu, keyId)).key_state).toBe('5');
    // Act + Assess
    expectKmsError(await importMaterial(emu, keyId, randomBytes(32)), 400, 'KMS.2606');
    expect((await importMaterial(emu, keyId, material, { expiration_time: nowSeconds(emu) + HOUR })).status).toBe(200);
    const opened = await kmsCall(emu, 'decrypt-data', {
      cipher_text: sealed.body.cipher_text,
      encryption_context: { purpose: 'test' },
    });
    expect(opened.body.plain_text).toBe('kept across re-import');
  });

  it('honours expiry_deletion_delay_seconds', async () => {
    const keyId = await createKey(emu);
    await emu.setConfig({ expiry_deletion_delay_seconds: 0 });
    try {
      await importMaterial(emu, keyId, randomBytes(32), { expiration_time: nowSeconds(emu) + 60 });
      await emu.advance(60);
      expect((await describeKey(emu, keyId)).key_state).toBe('5');
    } finally {
      await emu.setConfig({ expiry_deletion_delay_seconds: 3600 });
    }
  });

  it('records the state history and the time spent pending import after the first import', async () => {
    // Prepare
    const keyId = await createKey(emu);
    const material = randomBytes(32);
    const createdAt = emu.now().getTime();
    await importMaterial(emu, keyId, material, { expiration_time: nowSeconds(emu) + HOUR });
    // Act: expires at +1 h, deleted at +2 h, stays pending import for 5 h, then re-imported at +7 h.
    await emu.advance(7 * HOUR);
    await importMaterial(emu, keyId, material);
    await emu.advance(HOUR);
    // Assess
    const body = await history(emu, keyId);
    expect(body.key_id).toBe(keyId);
    expect(body.history.map((row: any) => [row.state, row.reason])).toEqual([
      ['5', 'created'],
      ['2', 'imported'],
      ['2', 'material_expired'],
      ['5', 'material_deleted'],
      ['2', 'imported'],
    ]);
    expect(body.history[2].at).toBe(new Date(createdAt + HOUR * 1000).toISOString());
    expect(body.history[3].at).toBe(new Date(createdAt + 2 * HOUR * 1000).toISOString());
    expect(body.pending_import_seconds).toBe(5 * HOUR);
  });

  it('counts an open pending-import interval up to now', async () => {
    const keyId = await createKey(emu);
    await importMaterial(emu, keyId, randomBytes(32));
    await kmsCall(emu, 'delete-imported-key-material', { key_id: keyId });
    await emu.advance(90);
    expect((await history(emu, keyId)).pending_import_seconds).toBe(90);
    expect((await emu.request('GET', '/_emulator/keys/00000000-0000-4000-8000-000000000000/history')).status).toBe(404);
  });
});

describe('KMS emulator: restart from the same data file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kms-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps keys, material, expiry, tokens and history', async () => {
    // Prepare
    const dataFile = join(dir, 'emulator.db');
    const first = await startTestEmulator({ clock: 'virtual', dataFile, start: new Date('2030-01-01T00:00:00Z') });
    let keyId: string;
    let sealed: string;
    let pendingKey: string;
    let params: ImportParameters;
    const expiresAt = nowSeconds(first) + 2 * HOUR;
    const material = randomBytes(32);
    try {
      keyId = await createKey(first);
      await importMaterial(first, keyId, material, { expiration_time: expiresAt });
      sealed = (await kmsCall(first, 'encrypt-data', { key_id: keyId, plain_text: 'survives restart' })).body.cipher_text;
      pendingKey = await createKey(first);
      params = await getImportParameters(first, pendingKey);
    } finally {
      await first.close();
    }
    // Act
    const second = await startTestEmulator({ clock: 'virtual', dataFile });
    try {
      // Assess
      const info = await describeKey(second, keyId);
      expect([info.key_state, info.expiration_time]).toEqual(['2', String(expiresAt * 1000)]);
      expect((await describeKey(second, pendingKey)).key_state).toBe('5');
      const withOldToken = await kmsCall(second, 'import-key-material', {
        key_id: pendingKey,
        import_token: params.import_token,
        encrypted_key_material: wrapWithPublicKey(params.public_key, randomBytes(32)),
      });
      expect(withOldToken.status).toBe(200);
      const opened = await kmsCall(second, 'decrypt-data', { cipher_text: sealed });
      expect(opened.body.plain_text).toBe('survives restart');
      expect((await history(second, keyId)).history).toHaveLength(2);
      await second.advance(4 * HOUR);
      expect((await describeKey(second, keyId)).key_state).toBe('5');
      expectKmsError(await importMaterial(second, keyId, randomBytes(32)), 400, 'KMS.2606');
      expect((await importMaterial(second, keyId, material)).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
