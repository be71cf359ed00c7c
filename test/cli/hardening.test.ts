import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseEndpoint } from '../../lib/huawei/config.js';
import { runByok } from './cliRun.js';

describe('Hardening of the byok command', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'byok-hard-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['BYOK_KMS_ENDPOINT', 'http://kms.cn-north-4.myhuaweicloud.com'],
    ['BYOK_FGS_ENDPOINT', 'http://10.0.0.8:8080'],
  ])('refuses plain http:// in %s for a host that is not this machine', (variable, url) => {
    expect(() => normaliseEndpoint(url, variable)).toThrow(`${variable} uses plain http:// for a host that is not this machine`);
  });

  it.each(['http://127.0.0.1:8080', 'http://localhost:9', 'http://[::1]:8443', 'https://kms.cn-north-4.myhuaweicloud.com'])('accepts %s', (url) => {
    expect(normaliseEndpoint(url, 'BYOK_KMS_ENDPOINT')).toBe(url.replace(/\/$/, ''));
  });

  it('a command with an http:// endpoint off this machine stops with exit 2 before any call', async () => {
    const run = await runByok(['plan'], {
      env: { HUAWEICLOUD_SDK_AK: 'AK', HUAWEICLOUD_SDK_SK: 'SK', HUAWEICLOUD_SDK_PROJECT_ID: '0'.repeat(32), BYOK_KMS_ENDPOINT: 'http://kms.example.com' },
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('byok plan: BYOK_KMS_ENDPOINT uses plain http:// for a host that is not this machine: secrets would cross the network in clear; use https://\n');
  });

  it.each([
    ['a device that never ends (/dev/zero)', ['fingerprint', '--material', '/dev/zero'], undefined],
    ['standard input of a megabyte', ['fingerprint', '--material', '-'], Buffer.alloc(1024 * 1024, 0x41)],
  ])('caps every input read: %s', async (_what, args, stdin) => {
    const run = await runByok(args, stdin === undefined ? {} : { stdin });

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is larger than 65536 bytes\n$/);
  });
});
