import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { createKey, expectKmsError, kmsCall } from './kms-fixtures.js';

describe('KMS emulator: list-keys and the key quota', () => {
  let emu: TestEmulator;
  const aesKeys: string[] = [];
  let rsaKey: string;
  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', start: new Date('2030-01-01T00:00:00Z') });
    for (let i = 0; i < 6; i++) aesKeys.push(await createKey(emu, { origin: i % 2 === 0 ? 'external' : 'kms' }));
    rsaKey = await createKey(emu, { key_spec: 'RSA_3072' });
  });
  afterAll(async () => emu.close());

  it('pages AES_256 keys with string limit/marker, next_marker and truncated "true"/"false"', async () => {
    // Act
    const pages = [];
    let marker: string | undefined;
    do {
      const res = await kmsCall(emu, 'list-keys', { limit: '4', ...(marker !== undefined && { marker }) });
      expect(res.status).toBe(200);
      pages.push(res.body);
      marker = res.body.truncated === 'true' ? res.body.next_marker : undefined;
    } while (marker !== undefined);
    // Assess
    expect(pages.map((p) => [p.keys.length, p.truncated, p.next_marker, p.total])).toEqual([
      [4, 'true', '4', 6],
      [2, 'false', '', 6],
    ]);
    expect(pages.flatMap((p) => p.keys)).toEqual(aesKeys);
    expect(pages[0].key_details.map((d: Record<string, string>) => d.key_id)).toEqual(pages[0].keys);
    expect(typeof pages[0].key_details[0].key_state).toBe('string');
  });

  it('includes every spec with "ALL" and filters by key_state', async () => {
    const all = await kmsCall(emu, 'list-keys', { key_spec: 'ALL' });
    expect(all.body.keys).toEqual([...aesKeys, rsaKey]);
    const rsa = await kmsCall(emu, 'list-keys', { key_spec: 'RSA_3072' });
    expect(rsa.body.keys).toEqual([rsaKey]);
    const pending = await kmsCall(emu, 'list-keys', { key_state: '5' });
    expect(pending.body.keys).toEqual(aesKeys.filter((_, i) => i % 2 === 0));
    expect(pending.body.total).toBe(3);
  });

  it('refuses a bad limit (KMS.1601), a bad marker (KMS.1602) and a bad key_state (KMS.0308)', async () => {
    for (const limit of ['0', '-1', 'ten']) expectKmsError(await kmsCall(emu, 'list-keys', { limit }), 400, 'KMS.1601');
    for (const marker of ['-1', 'x']) expectKmsError(await kmsCall(emu, 'list-keys', { marker }), 400, 'KMS.1602');
    expectKmsError(await kmsCall(emu, 'list-keys', { key_state: '9' }), 400, 'KMS.0308');
  });

  it('allows 100 custom keys per project, then answers KMS.1105', async () => {
    // Prepare
    const existing = (await kmsCall(emu, 'list-keys', { key_spec: 'ALL' })).body.total as number;
    for (let i = existing; i < 100; i++) await createKey(emu);
    // Act
    const res = await kmsCall(emu, 'create-key', { key_alias: 'one-too-many' });
    // Assess
    expectKmsError(res, 400, 'KMS.1105');
  });
});
