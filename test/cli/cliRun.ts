/**
 * `byok` as a real subprocess with exactly the environment a test gives: Huawei credentials pointed at a test
 * emulator (or at nothing), extra node flags (a skewed clock), stdin. The shared helper (test/helpers/cli.ts)
 * strips Huawei credentials; these tests need them.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { TestEmulator } from '../helpers/emulator.js';

const BYOK = resolve(import.meta.dirname, '../../cli/byok.js');

interface RunOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  env?: Record<string, string>;
  nodeFlags?: string[];
  stdin?: string | Buffer;
  cwd?: string;
}

/** The variables that point `byok` at `emu` as if it were Huawei Cloud (what `byok emulator` exports). */
function cloudVars(emu: Pick<TestEmulator, 'endpoint' | 'ak' | 'sk' | 'projectId' | 'region'>): Record<string, string> {
  return {
    HUAWEICLOUD_SDK_AK: emu.ak,
    HUAWEICLOUD_SDK_SK: emu.sk,
    HUAWEICLOUD_SDK_PROJECT_ID: emu.projectId,
    BYOK_KMS_ENDPOINT: emu.endpoint,
    BYOK_REGION: emu.region,
  };
}

/** Runs `node [flags] cli/byok.js ...args` with this process's environment less Huawei/byok variables, plus `env`. */
function runByok(args: string[], options: RunOptions = {}): Promise<RunOutcome> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('HUAWEICLOUD_SDK_') && !name.startsWith('BYOK_')) env[name] = value;
  }
  Object.assign(env, options.env);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), BYOK, ...args], { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    // A command that stops reading early (an input over its cap) closes its stdin: not the test's error.
    child.stdin.on('error', () => {});
    child.stdin.end(options.stdin);
  });
}

export { BYOK, cloudVars, runByok };
export type { RunOptions, RunOutcome };
