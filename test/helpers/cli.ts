/** Running the `byok` command on the embedded cloud in tests: as a subprocess, or in-process with captured output. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../cli/main.js';

const BYOK = resolve(import.meta.dirname, '../../cli/byok.js');

interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The embedded cloud on `dataFile` (its clock `real` or the file's stored `virtual` one), no Huawei credentials. */
function embeddedEnv(dataFile: string, clock: 'real' | 'virtual' = 'real'): Record<string, string> {
  return { BYOK_EMULATOR_DATA: dataFile, BYOK_EMULATOR_CLOCK: clock };
}

/** `node cli/byok.js ...args` with `vars` on top of this process's environment less any Huawei credentials. */
function byokProcess(args: string[], vars: Record<string, string>): Promise<CliOutcome> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...vars };
  for (const name of Object.keys(env)) if (name.startsWith('HUAWEICLOUD_SDK_')) delete env[name];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BYOK, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** `main(args)` in this process with `vars` stubbed, Huawei credentials blanked and stdout/stderr captured. */
async function byokInProcess(args: string[], vars: Record<string, string>): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  for (const [name, value] of Object.entries({ ...vars, HUAWEICLOUD_SDK_AK: '', HUAWEICLOUD_SDK_SK: '' })) vi.stubEnv(name, value);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string) => ((stdout += chunk), true)) as never);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string) => ((stderr += chunk), true)) as never);
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    vi.unstubAllEnvs();
  }
}

export { byokInProcess, byokProcess, embeddedEnv };
export type { CliOutcome };
