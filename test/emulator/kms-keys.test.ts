import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { createKey, describeKey, expectKmsError, kmsCall, uniqueAlias } from './kms-fixtures.js';

const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DETAIL_FIELDS = [
  'key_id', 'domain_id', 'key_alias', 'realm', 'key_spec', 'key_usage', 'key_description', 'creation_date',
  'scheduled_deletion_date', 'key_state', 'default_key_flag', 'key_type', 'expiration_time', 'origin',
  'key_rotation_enabled', 'sys_enterprise_project_id', 'keystore_id',
];

describe('KMS emulator: keys', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', start: new Date('2030-01-01T00:00:00Z') });
  });
  afterAll(async () => emu.close());

  describe('Function: create-key', () => {
    it('creates an external key in state "5" with a lowercase v4 uuid', async () => {
      // Act
      const res = await kmsCall(emu, 'create-key', { key_alias: uniqueAlias(), origin: 'external' });
      // Assess
      expect(res.status).toBe(200);
      expect(res.body.key_info.key_id).toMatch(KEY_ID);
      expect(res.body.key_info).toEqual({ key_id: expect.any(String), domain_id: emu.domainId, region_id: emu.region });
      expect((await describeKey(emu, res.body.key_info.key_id)).key_state).toBe('5');
    });

    it('creates a kms-origin key enabled, with generated material', async () => {
      const keyId = await createKey(emu, { origin: 'kms' });
      const info = await describeKey(emu, keyId);
      expect([info.key_state, info.origin, info.key_spec, info.key_usage]).toEqual(['2', 'kms', 'AES_256', 'ENCRYPT_DECRYPT']);
      const enc = await kmsCall(emu, 'encrypt-data', { key_id: keyId, plain_text: 'hello' });
      expect(enc.status).toBe(200);
    });

    it('defaults asymmetric keys to SIGN_VERIFY', async () => {
      const keyId = await createKey(emu, { key_spec: 'EC_P384' });
      expect((await describeKey(emu, keyId)).key_usage).toBe('SIGN_VERIFY');
    });

    it('generates the private key of a kms-origin RSA key', async () => {
      const keyId = await createKey(emu, { key_spec: 'RSA_2048', origin: 'kms', key_usage: 'ENCRYPT_DECRYPT' });
      const info = await describeKey(emu, keyId);
      expect([info.key_state, info.key_spec, info.key_usage]).toEqual(['2', 'RSA_2048', 'ENCRYPT_DECRYPT']);
    });

    it('rejects a long key_description (KMS.1103) and an external key in a custom keystore (KMS.0339)', async () => {
      const longDescription = { key_alias: uniqueAlias(), key_description: 'd'.repeat(256) };
      expectKmsError(await kmsCall(emu, 'create-key', longDescription), 400, 'KMS.1103');
      const custom = { key_alias: uniqueAlias(), origin: 'external', keystore_id: '5a3c9d1e' };
      expectKmsError(await kmsCall(emu, 'create-key', custom), 400, 'KMS.0339');
    });

    it('requires key_alias (KMS.0204)', async () => {
      expectKmsError(await kmsCall(emu, 'create-key', { origin: 'external' }), 400, 'KMS.0204');
    });

    it.each([['bad alias!'], ['x'.repeat(256)], ['team/default']])('rejects key_alias %j (KMS.1101)', async (alias) => {
      expectKmsError(await kmsCall(emu, 'create-key', { key_alias: alias }), 400, 'KMS.1101');
    });

    it('rejects a duplicate key_alias (KMS.1104)', async () => {
      const alias = uniqueAlias();
      await createKey(emu, { key_alias: alias });
      expectKmsError(await kmsCall(emu, 'create-key', { key_alias: alias, origin: 'external' }), 400, 'KMS.1104');
    });

    it.each([['SM4'], ['HMAC_256'], ['AES_128']])('rejects key_spec %s (KMS.0308)', async (spec) => {
      expectKmsError(await kmsCall(emu, 'create-key', { key_alias: uniqueAlias(), key_spec: spec }), 400, 'KMS.0308');
    });

    it('rejects an unknown origin and a wrong key_usage (KMS.0308)', async () => {
      expectKmsError(await kmsCall(emu, 'create-key', { key_alias: uniqueAlias(), origin: 'hsm' }), 400, 'KMS.0308');
      const res = await kmsCall(emu, 'create-key', { key_alias: uniqueAlias(), key_usage: 'SIGN_VERIFY' });
      expectKmsError(res, 400, 'KMS.0308');
    });
  });

  describe('Function: describe-key', () => {
    it('returns every KeyDetails field as a string, times as 13-digit milliseconds', async () => {
      // Prepare
      const keyId = await createKey(emu, { key_description: 'for the test' });
      // Act
      const info = await describeKey(emu, keyId);
      // Assess
      expect(Object.keys(info).sort()).toEqual([...DETAIL_FIELDS].sort());
      for (const field of DETAIL_FIELDS) expect(typeof info[field], field).toBe('string');
      expect(info.creation_date).toBe(String(emu.now().getTime()));
      expect(info.creation_date).toMatch(/^\d{13}$/);
      expect([info.expiration_time, info.scheduled_deletion_date, info.default_key_flag]).toEqual(['', '', '0']);
      expect([info.realm, info.key_description, info.origin]).toEqual([emu.region, 'for the test', 'external']);
    });

    it('returns seconds when describe_time_unit is "s"', async () => {
      const keyId = await createKey(emu);
      await emu.setConfig({ describe_time_unit: 's' });
      try {
        expect((await describeKey(emu, keyId)).creation_date).toBe(String(Math.floor(emu.now().getTime() / 1000)));
      } finally {
        await emu.setConfig({ describe_time_unit: 'ms' });
      }
    });

    it('answers 404 KMS.0207 for an unknown key and 400 KMS.0205 for a malformed id', async () => {
      expectKmsError(await kmsCall(emu, 'describe-key', { key_id: '00000000-0000-4000-8000-000000000000' }), 404, 'KMS.0207');
      expectKmsError(await kmsCall(emu, 'describe-key', { key_id: 'not-a-key' }), 400, 'KMS.0205');
      expectKmsError(await kmsCall(emu, 'describe-key', { key_id: '0D0466B0-E727-4D9C-B35D-F84BB474A37F' }), 400, 'KMS.0205');
      expectKmsError(await kmsCall(emu, 'describe-key', {}), 400, 'KMS.0204');
    });

    it('accepts an alias and an alias URN', async () => {
      // Prepare
      const keyId = await createKey(emu);
      const alias = `alias/${uniqueAlias()}`;
      const created = await emu.request('POST', '/v1.0/{project_id}/kms/aliases', { key_id: keyId, alias });
      expect(created.status).toBe(201);
      // Act
      const byAlias = await kmsCall(emu, 'describe-key', { key_id: alias });
      const byUrn = await kmsCall(emu, 'describe-key', { key_id: created.body.alias_urn });
      // Assess
      expect([byAlias.body.key_info.key_id, byUrn.body.key_info.key_id]).toEqual([keyId, keyId]);
      expectKmsError(await kmsCall(emu, 'describe-key', { key_id: 'alias/nobody-has-this' }), 404, 'KMS.0207');
    });
  });

  describe('Function: enable/disable/schedule/cancel', () => {
    it('walks enabled → disabled → enabled and refuses the wrong starting states', async () => {
      // Prepare
      const keyId = await createKey(emu, { origin: 'kms' });
      // Act + Assess
      expectKmsError(await kmsCall(emu, 'enable-key', { key_id: keyId }), 400, 'KMS.1201');
      const disabled = await kmsCall(emu, 'disable-key', { key_id: keyId });
      expect(disabled.body).toEqual({ key_info: { key_id: keyId, key_state: '3' } });
      expectKmsError(await kmsCall(emu, 'disable-key', { key_id: keyId }), 400, 'KMS.1301');
      const enabled = await kmsCall(emu, 'enable-key', { key_id: keyId });
      expect(enabled.body).toEqual({ key_info: { key_id: keyId, key_state: '2' } });
    });

    it('does not enable or disable a key pending import', async () => {
      const keyId = await createKey(emu);
      expectKmsError(await kmsCall(emu, 'enable-key', { key_id: keyId }), 400, 'KMS.1201');
      expectKmsError(await kmsCall(emu, 'disable-key', { key_id: keyId }), 400, 'KMS.1301');
    });

    it('schedules deletion with pending_days "7".."1096" and cancels back to disabled', async () => {
      // Prepare
      const keyId = await createKey(emu, { origin: 'kms' });
      // Act + Assess
      for (const days of ['6', '1097', 'seven', '7.5']) {
        expectKmsError(await kmsCall(emu, 'schedule-key-deletion', { key_id: keyId, pending_days: days }), 400, 'KMS.1401');
      }
      const scheduled = await kmsCall(emu, 'schedule-key-deletion', { key_id: keyId, pending_days: '7' });
      expect(scheduled.body).toEqual({ key_id: keyId, key_state: '4' });
      const info = await describeKey(emu, keyId);
      expect(info.scheduled_deletion_date).toBe(String(emu.now().getTime() + 7 * 86_400_000));
      expectKmsError(await kmsCall(emu, 'schedule-key-deletion', { key_id: keyId, pending_days: '7' }), 400, 'KMS.1402');
      expectKmsError(await kmsCall(emu, 'enable-key', { key_id: keyId }), 400, 'KMS.0210');
      const cancelled = await kmsCall(emu, 'cancel-key-deletion', { key_id: keyId });
      expect(cancelled.body).toEqual({ key_id: keyId, key_state: '3' });
      expect((await describeKey(emu, keyId)).scheduled_deletion_date).toBe('');
      expectKmsError(await kmsCall(emu, 'cancel-key-deletion', { key_id: keyId }), 400, 'KMS.1501');
    });

    it('deletes the key once its pending days have passed', async () => {
      const keyId = await createKey(emu);
      await kmsCall(emu, 'schedule-key-deletion', { key_id: keyId, pending_days: '1096' });
      await emu.advance(1096 * 86_400);
      expectKmsError(await kmsCall(emu, 'describe-key', { key_id: keyId }), 404, 'KMS.0207');
      const history = await emu.request('GET', `/_emulator/keys/${keyId}/history`);
      expect(history.body.history.at(-1)).toMatchObject({ reason: 'key_deleted' });
    });
  });
});
