import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StageName } from '../../lib/ports/index.js';
import { fingerprint } from '../../lib/crypto/fingerprint.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';

const DAY_MS = 86_400_000;

describe('End to end: onboarding on the embedded cloud (create → fetch → wrap → import)', () => {
  let env: StageEnv;

  beforeAll(async () => {
    env = await startStageEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  it('onboards a key from a CSMS secret_binary with the requested expiry and tags', async () => {
    // Prepare
    const material = randomMaterial();
    const version = await env.createSecret('bin-key', { secretBinary: material.toString('base64') });
    const dispatcher = env.newDispatcher();
    const startedAt = env.clock.now();

    // Act
    const result = await dispatcher.runChain(StageName.CreateKey, { alias: 'bin', secret: { name: 'bin-key' } });

    // Assess
    expect(result).toMatchObject({ ok: true, stage: 'import-material', state: 'Enabled', outcome: 'imported' });
    if (!result.ok) throw new Error('unreachable');
    const keyId = result.key_id;
    const info = await env.keys.describeKey(keyId);
    expect(info.keyState).toBe('Enabled');
    const wire = await env.emu.request('POST', '/v1.0/{project_id}/kms/describe-key', { key_id: keyId });
    expect(wire.body.key_info.key_state).toBe('2');
    expect(info.name).toBe(`bin-${version}`);
    const expiresMs = info.expirationTime!.getTime();
    expect(Math.abs(expiresMs - (startedAt.getTime() + 30 * DAY_MS))).toBeLessThanOrEqual(1_000);
    expect('expires_at' in result && result.expires_at).toBe(info.expirationTime!.toISOString());
    const tags = Object.fromEntries((await env.keys.showKeyTags(keyId)).map((t) => [t.key, t.value]));
    expect(tags).toEqual({
      'byok:managed': 'true',
      'byok:secret': 'bin-key',
      'byok:version': version,
      'byok:ttl': '30d',
      'byok:alias': 'bin',
      'byok:fp': fingerprint(material),
    });
    expect((await env.keys.describeKey('alias/bin')).keyId).toBe(keyId);
    const cipher = await env.keys.encryptData('alias/bin', new SecretValue('hello'));
    expect((await env.keys.decryptData(cipher.cipherText)).plainText.reveal()).toBe('hello');
    expect(dispatcher.events.map((e) => e.stage)).toEqual([
      'create-key',
      'fetch-parameters',
      'wrap-material',
      'import-material',
    ]);
    const correlationIds = new Set(dispatcher.events.map((e) => e.event['correlation_id']));
    expect(correlationIds.size).toBe(1);
    const done = env.logs.records().filter((r) => r['event'] === 'stage.done');
    expect(done.map((r) => [r['fn'], r['outcome']])).toEqual([
      ['create-key', 'ok'],
      ['fetch-parameters', 'ok'],
      ['wrap-material', 'ok'],
      ['import-material', 'imported'],
    ]);
    expect(done.at(-1)).toMatchObject({ key_id: keyId, state: 'Enabled', days_left: 29, correlation_id: [...correlationIds][0] });
  });

  it('never puts the material into events or log lines, nor tokens or wrapped material into logs', async () => {
    // Prepare
    const material = randomMaterial();
    await env.createSecret('leak-key', { secretString: material.toString('hex') });
    const dispatcher = env.newDispatcher();

    // Act
    const result = await dispatcher.runChain(StageName.CreateKey, { alias: 'leak', secret: { name: 'leak-key' } });

    // Assess
    expect(result.ok).toBe(true);
    const events = JSON.stringify(dispatcher.events) + JSON.stringify(dispatcher.outcomes);
    const logs = env.logs.text();
    for (const form of [material.toString('hex'), material.toString('base64'), material.toString('base64url'), material.toString('latin1')]) {
      expect(events).not.toContain(form);
      expect(logs).not.toContain(form);
    }
    const travelling = dispatcher.events.flatMap((e) => [e.event['import_token'], e.event['encrypted_key_material']]);
    for (const value of travelling.filter((v): v is string => typeof v === 'string')) expect(logs).not.toContain(value);
  });
});
