/**
 * The other AWS ports against the model: the secret store (AWSCURRENT as the latest version, pinned ids, binary
 * and string values), the alias sweep lock (CreateAlias as compare-and-set, stale takeover), tags and aliases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsAliasSweepLock } from '../../lib/aws/AwsAliasSweepLock.js';
import { LATEST_VERSION } from '../../lib/ports/index.js';
import { randomMaterial, startAwsEnv } from './awsEnv.js';
import type { AwsEnv } from './awsEnv.js';

const MINUTE_MS = 60_000;

describe('AwsSecretStore', () => {
  let env: AwsEnv;
  beforeEach(() => {
    env = startAwsEnv();
  });
  afterEach(() => env.close());

  it('reads the AWSCURRENT version for latest, and a pinned version by its id after the secret moved on', async () => {
    // Prepare
    const material = randomMaterial();
    const v1 = await env.putSecret('s', material);
    const v2 = await env.putSecret('s', 'not the first');

    // Act
    const latest = await env.secrets.readVersion('s', LATEST_VERSION);
    const pinned = await env.secrets.readVersion('s', v1);

    // Assess
    expect(latest).toMatchObject({ secretName: 's', versionId: v2, encoding: 'string' });
    expect(latest.value.reveal()).toBe('not the first');
    expect(pinned).toMatchObject({ versionId: v1, encoding: 'binary' });
    expect(Buffer.from(pinned.value.reveal(), 'base64').equals(material)).toBe(true);
    expect(String(pinned.value)).toBe('[redacted]');
  });

  it('names what is missing: an unknown secret or version, a deleted secret', async () => {
    await env.putSecret('gone', 'x');
    await expect(env.secrets.readVersion('nope', LATEST_VERSION)).rejects.toMatchObject({ code: 'ResourceNotFoundException', kind: 'not-found' });
    await expect(env.secrets.readVersion('gone', '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ kind: 'not-found' });
    env.model.secrets.secrets.get('gone')!.deleted = true;
    await expect(env.secrets.readVersion('gone', LATEST_VERSION)).rejects.toMatchObject({ code: 'InvalidRequestException', kind: 'invalid-state' });
  });
});

describe('AwsAliasSweepLock', () => {
  let env: AwsEnv;
  let keyA: string;
  let keyB: string;
  beforeEach(async () => {
    env = startAwsEnv();
    keyA = (await env.keys.createExternalKey({ name: 'a-v1', keySpec: 'AES_256' })).keyId;
    keyB = (await env.keys.createExternalKey({ name: 'b-v1', keySpec: 'AES_256' })).keyId;
  });
  afterEach(() => env.close());

  it('one sweep holds it; another finds it busy until it is released', async () => {
    // Prepare
    const lock = new AwsAliasSweepLock(env.keys.aliases);
    const now = env.model.now();

    // Act
    const first = await lock.tryAcquire({ holderKeyId: keyA, now, ttlMs: 30 * MINUTE_MS });
    const second = await lock.tryAcquire({ holderKeyId: keyB, now, ttlMs: 30 * MINUTE_MS });
    if (first.status === 'acquired') await lock.release(first.handle);
    const third = await lock.tryAcquire({ holderKeyId: keyB, now, ttlMs: 30 * MINUTE_MS });

    // Assess
    expect(first.status).toBe('acquired');
    expect(second).toEqual({ status: 'busy', staleAt: new Date(now.getTime() + 30 * MINUTE_MS) });
    expect(third.status).toBe('acquired');
    expect(env.model.kms.aliases.get('alias/byok-keeper-sweep-lock')?.keyId).toBe(keyB);
  });

  it('takes over a lock older than its ttl (its holder died), and a released stale holder does not free it', async () => {
    // Prepare
    const lock = new AwsAliasSweepLock(env.keys.aliases);
    const dead = await lock.tryAcquire({ holderKeyId: keyA, now: env.model.now(), ttlMs: 30 * MINUTE_MS });
    env.model.advance(31 * MINUTE_MS);

    // Act
    const taken = await lock.tryAcquire({ holderKeyId: keyB, now: env.model.now(), ttlMs: 30 * MINUTE_MS });
    if (dead.status === 'acquired') await lock.release(dead.handle);

    // Assess
    expect(taken.status).toBe('acquired');
    expect(env.model.kms.aliases.get('alias/byok-keeper-sweep-lock')?.keyId).toBe(keyB);
  });

  it('goes on without the lock when aliases are out of reach', async () => {
    env.model.failNext('CreateAlias', 'AccessDeniedException');
    const attempt = await new AwsAliasSweepLock(env.keys.aliases).tryAcquire({ holderKeyId: keyA, now: env.model.now(), ttlMs: MINUTE_MS });
    expect(attempt).toEqual({ status: 'unavailable', errorCode: 'AccessDeniedException' });
  });
});

describe('AwsKeyService: tags and aliases', () => {
  let env: AwsEnv;
  beforeEach(() => {
    env = startAwsEnv();
  });
  afterEach(() => env.close());

  it('finds keys by tags page by page, with their details, skipping keys whose tags it may not read', async () => {
    // Prepare: the first key listed keeps its tags from this caller (its key policy says so)
    await env.keys.createExternalKey({ name: 'other-v1', keySpec: 'AES_256' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { keyId } = await env.keys.createExternalKey({ name: `t${i}-v1`, keySpec: 'AES_256' });
      await env.keys.putKeyTags(keyId, [{ key: 'byok:managed', value: 'true' }, { key: 'team', value: i === 2 ? 'b' : 'a' }]);
      ids.push(keyId);
    }
    env.model.failNext('ListResourceTags', 'AccessDeniedException');

    // Act
    const found = [];
    for await (const page of env.keys.keysByTags([{ key: 'byok:managed', values: ['true'] }, { key: 'team', values: ['a'] }])) found.push(...page);

    // Assess
    expect(found.map((k) => k.keyId).sort()).toEqual([ids[0], ids[1]].sort());
    expect(found[0]!.info).toMatchObject({ keyState: 'PendingImport', origin: 'external', name: expect.stringMatching(/^t[01]-v1$/) });
    expect(found[0]!.tags.map((t) => t.key).sort()).toEqual(['byok:managed', 'team']);
  });

  it('moves an alias (create, then update), removes tags, and resolves a missing alias to undefined', async () => {
    // Prepare
    const a = (await env.keys.createExternalKey({ name: 'm1', keySpec: 'AES_256' })).keyId;
    const b = (await env.keys.createExternalKey({ name: 'm2', keySpec: 'AES_256' })).keyId;
    await env.keys.putKeyTags(a, [{ key: 'x', value: '1' }, { key: 'y', value: '2' }]);

    // Act
    await env.keys.moveAlias('app', a);
    const first = await env.keys.resolveAlias('app');
    await env.keys.moveAlias('app', b);
    await env.keys.removeKeyTags(a, ['x', 'absent', 'byok:name']);

    // Assess
    expect(first).toBe(a);
    expect(await env.keys.resolveAlias('app')).toBe(b);
    expect(await env.keys.resolveAlias('none')).toBeUndefined();
    expect((await env.keys.showKeyTags(a)).map((t) => t.key)).toEqual(['y']);
    expect(env.model.kms.keys.get(a)!.tags.get('byok:name')).toBe('m1');
  });
});
