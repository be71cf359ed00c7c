import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.js';
import { byokInProcess, byokProcess, embeddedEnv } from '../helpers/cli.js';
import type { CliOutcome } from '../helpers/cli.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';

/** The embedded cloud on `dataFile`. */
function cloud(dataFile: string): Record<string, string> {
  return embeddedEnv(dataFile);
}

const byok = (args: string[], dataFile: string): Promise<CliOutcome> => byokProcess(args, cloud(dataFile));
const inProcess = (args: string[], dataFile: string): Promise<CliOutcome> => byokInProcess(args, cloud(dataFile));

describe('Command: byok onboard', () => {
  let dir: string;
  let dataFile: string;
  const badContent = 'this-is-not-key-material-0123456789';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'byok-onboard-'));
    dataFile = join(dir, 'emulator.db');
    const env = await startStageEnv({ emulator: { clock: 'real', dataFile } });
    await env.createSecret('cli-json', { secretBinary: randomMaterial().toString('base64') });
    await env.createSecret('cli-text', { secretString: randomMaterial().toString('hex') });
    await env.createSecret('cli-bad', { secretString: badContent });
    await env.close();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints one JSON object with --json (subprocess on the embedded cloud)', async () => {
    // Act
    const run = await byok(['onboard', '--alias', 'cli-json', '--secret', 'cli-json', '--ttl', '10d', '--json'], dataFile);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ alias: 'cli-json', state: 'Enabled', secret: 'cli-json', secret_version: 'v1' });
    expect(Date.parse(String(summary['expires_at'])) - Date.now()).toBeGreaterThan(9 * 86_400_000);
    const env = await startStageEnv({ emulator: { clock: 'real', dataFile } });
    try {
      const info = await env.keys.describeKey('alias/cli-json');
      expect(info).toMatchObject({ keyId: summary['key_id'], keyState: 'Enabled' });
      const cipher = await env.keys.encryptData('alias/cli-json', new SecretValue('via cli'));
      expect((await env.keys.decryptData(cipher.cipherText)).plainText.reveal()).toBe('via cli');
    } finally {
      await env.close();
    }
  });

  it('prints key id, state and material expiry as text', async () => {
    // Act
    const run = await inProcess(['onboard', '--alias', 'cli-text', '--secret', 'cli-text', '--ttl', 'never'], dataFile);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^key_id {5}[0-9a-f-]{36}$/m);
    expect(run.stdout).toMatch(/^alias {6}alias\/cli-text$/m);
    expect(run.stdout).toMatch(/^state {6}Enabled$/m);
    expect(run.stdout).toMatch(/^expires_at never$/m);
  });

  it('fails with one line and exit 1 for bad secret content, without echoing it', async () => {
    // Act
    const run = await inProcess(['onboard', '--alias', 'cli-bad', '--secret', 'cli-bad'], dataFile);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^byok onboard: secret cli-bad version v1 does not hold AES-256 key material/);
    expect(run.stderr).not.toContain(badContent);
  });

  it.each([
    [['--secret', 's'], 'missing --alias A'],
    [['--alias', 'alias/x', '--secret', 's'], '--alias must be 1 to 43'],
    [['--alias', 'x', '--secret', 's', '--ttl', '2w'], '--ttl must be'],
    [['--alias', 'x', '--secret', 's', '--bogus'], 'unknown option --bogus'],
  ])('refuses %j with one line naming the option, exit 2', async (args, reason) => {
    // Act
    const run = await inProcess(['onboard', ...args], dataFile);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`byok onboard: ${reason}`);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('says what to set when Huawei Cloud is only partly configured', async () => {
    // Prepare
    vi.stubEnv('HUAWEICLOUD_SDK_AK', 'AKONLY');
    vi.stubEnv('HUAWEICLOUD_SDK_SK', '');
    let stderr = '';
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string) => ((stderr += chunk), true)) as never);

    // Act
    let code: number;
    try {
      code = await main(['onboard', '--alias', 'x', '--secret', 's']);
    } finally {
      err.mockRestore();
      vi.unstubAllEnvs();
    }

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('HUAWEICLOUD_SDK_SK');
  });
});
