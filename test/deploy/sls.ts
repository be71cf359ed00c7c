/**
 * Runs osls (the Serverless Framework v3 fork the project deploys with) as a child process, the way a person
 * does (`npm run sls -- <command>`), with nothing reaching out of the machine: its schema cache goes to the
 * temporary folder instead of the home folder.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_DIR } from './plugin.js';

interface SlsResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, as a person sees them. */
  output: string;
}

const OSLS_BIN = join(REPO_DIR, 'node_modules', 'osls', 'bin', 'serverless.js');
const SCHEMA_CACHE = join(tmpdir(), 'byok-osls-schema-cache');

/**
 * `osls <args>` in `cwd` (default the repository), with `env` added to a minimal environment.
 *
 * @example
 * const { code, output } = await runSls(['package', '--package', outDir]);
 */
async function runSls(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<SlsResult> {
  mkdirSync(SCHEMA_CACHE, { recursive: true });
  const child = spawn(process.execPath, [OSLS_BIN, ...args], {
    cwd: options.cwd ?? REPO_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? tmpdir(),
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      SLS_SCHEMA_CACHE_BASE_DIR: SCHEMA_CACHE,
      CI: '1',
      ...options.env,
    },
  });
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((done) => child.once('close', done));
  return { code, stdout, stderr, output };
}

/**
 * A throw-away service folder holding `serverless.yml` = `yaml`, with the repository's functions/, lib/ and deploy/
 * linked in (so handlers and the plugin resolve as in the repository).
 */
function serviceWith(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'byok-sls-'));
  for (const folder of ['functions', 'lib', 'deploy', 'node_modules']) symlinkSync(join(REPO_DIR, folder), join(dir, folder));
  writeFileSync(join(dir, 'package.json'), '{"type":"module","private":true}\n');
  writeFileSync(join(dir, 'serverless.yml'), yaml);
  return dir;
}

export { runSls, serviceWith };
export type { SlsResult };
