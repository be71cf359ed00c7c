import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { cloudVars, runByok } from './cliRun.js';

const SKEW = resolve(import.meta.dirname, 'fixtures/skewClock.mjs');
/** A wrong SK a user might type; it must never come back in the output. */
const WRONG_SK = 'WrongSecretKeyTypedByHand0123456789abcd';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

const oneLine = (text: string): string[] => text.trim().split('\n');

describe('Exit codes: failures to reach or authenticate to the cloud are loud', () => {
  let emu: TestEmulator;
  let dir: string;

  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'real' });
    dir = mkdtempSync(join(tmpdir(), 'byok-exit-'));
  });
  afterAll(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a wrong SK: plan prints one line about the credentials on stderr, no table, exit 3', async () => {
    // Act
    const run = await runByok(['plan'], { env: { ...cloudVars(emu), HUAWEICLOUD_SDK_SK: WRONG_SK } });

    // Assess
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(oneLine(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^byok plan: Huawei Cloud at http:\/\/127\.0\.0\.1:\d+ refused the request: APIG\.0301 \(HTTP 401\)\. Check HUAWEICLOUD_SDK_AK\/HUAWEICLOUD_SDK_SK/);
    expect(run.stderr).not.toContain(WRONG_SK);
  });

  it('a wrong SK fails renew the same way (exit 3, not "1 failed key")', async () => {
    const run = await runByok(['renew', '--json'], { env: { ...cloudVars(emu), HUAWEICLOUD_SDK_SK: WRONG_SK } });

    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^byok renew: .* refused the request: APIG\.0301/);
  });

  it('an unreachable port: one line naming the endpoint and ECONNREFUSED, exit 3', async () => {
    // Prepare
    const port = await closedPort();

    // Act
    const run = await runByok(['plan', '--json'], { env: { ...cloudVars(emu), BYOK_KMS_ENDPOINT: `http://127.0.0.1:${port}` } });

    // Assess
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(oneLine(run.stderr)).toEqual([
      `byok plan: could not reach Huawei Cloud at http://127.0.0.1:${port}: ECONNREFUSED. Nothing accepts connections at the endpoint: check BYOK_KMS_ENDPOINT / BYOK_REGION (and that the embedded cloud runs); gave up after 4 attempts.`,
    ]);
  });

  it('a host that does not resolve: ENOTFOUND and what to check, exit 3', async () => {
    const run = await runByok(['onboard', '--alias', 'x', '--secret', 's'], {
      env: { ...cloudVars(emu), BYOK_KMS_ENDPOINT: 'https://kms.nowhere.invalid' },
    });

    expect(run.code).toBe(3);
    expect(oneLine(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^byok onboard: could not reach Huawei Cloud at https:\/\/kms\.nowhere\.invalid: ENOTFOUND\. The endpoint host does not resolve/);
  });

  it('a clock two hours off: the advice is the clock, not the AK/SK, exit 3', async () => {
    // Act: the right credentials, signed by a process whose Date runs two hours ahead.
    const run = await runByok(['plan'], {
      env: { ...cloudVars(emu), BYOK_TEST_CLOCK_SKEW_MS: String(2 * 3_600_000) },
      nodeFlags: ['--import', SKEW],
    });

    // Assess
    expect(run.code).toBe(3);
    expect(oneLine(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain('refused the request: APIG.0301 (HTTP 401)');
    expect(run.stderr).toContain("set this machine's clock right");
    expect(run.stderr).toContain('the AK/SK are not the cause');
    expect(run.stderr).not.toContain('Check HUAWEICLOUD_SDK_AK');
  });

  it('the same command with the right clock and credentials works (exit 0, empty fleet)', async () => {
    const run = await runByok(['plan', '--json'], { env: cloudVars(emu) });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ summary: { scanned: 0, targets_failed: 0 } });
  });

  it.each([
    ['an unknown flag', ['plan', '--frobnicate'], /^byok plan: unknown option --frobnicate/],
    ['a flag without its value', ['renew', '--lead'], /^byok renew: option --lead needs a value/],
    ['an unknown command', ['plna'], /^byok: unknown command/],
    ['an incomplete Huawei configuration', ['plan'], /^byok plan: Huawei Cloud is not fully configured: set HUAWEICLOUD_SDK_SK/],
  ])('bad usage or configuration (%s): one line, exit 2', async (_what, args, message) => {
    const run = await runByok(args, { env: args[0] === 'plan' && args.length === 1 ? { HUAWEICLOUD_SDK_AK: 'AKONLY' } : {} });

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(oneLine(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('a data file that is not the emulator\'s: one sentence naming the file, exit 2 (emulator and embedded cloud)', async () => {
    // Prepare
    const bad = join(dir, 'not-a-database.db');
    writeFileSync(bad, 'this is a text file, not SQLite '.repeat(200));

    // Act
    const serve = await runByok(['emulator', '--data', bad]);
    const plan = await runByok(['plan'], { env: { BYOK_EMULATOR_DATA: bad } });

    // Assess
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain(`byok emulator: the emulator data file ${bad} is not an emulator data file (not a SQLite database): move it away, or use another data file`);
    expect(serve.stderr).not.toContain('SqliteError');
    expect(plan.code).toBe(2);
    expect(oneLine(plan.stderr)).toEqual([
      `byok plan: the emulator data file ${bad} is not an emulator data file (not a SQLite database): move it away, or use another data file (set BYOK_EMULATOR_DATA)`,
    ]);
  });
});
