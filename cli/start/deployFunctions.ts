/**
 * Deploys the functions onto the embedded cloud exactly as `npm run sls -- deploy` does: osls (the Serverless
 * Framework v3 fork, README "Deployment") as a child process with the repository's serverless.yml and provider
 * plugin, pointed at the emulator through the same variables a person would set. The plugin packages (esbuild,
 * a few seconds), then writes only what differs, and says "Nothing changed" when FunctionGraph already matches.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { RunningEmulator } from '../../emulator/index.js';
import { CliError } from '../args.js';

/** The repository: where serverless.yml and the plugin live, whatever the working directory. */
const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));
const OSLS = createRequire(import.meta.url).resolve('osls/bin/serverless.js');
/** The plugin's last line when it wrote nothing (deploy/deployService.cjs). */
const NOTHING_CHANGED = /^Nothing changed:/;

interface DeployResult {
  /** False when the plugin reported that FunctionGraph already matched serverless.yml. */
  changed: boolean;
}

interface DeployFunctionsOptions {
  emulator: Pick<RunningEmulator, 'endpoint' | 'ak' | 'sk' | 'project_id' | 'region'>;
  stage: string;
  /** Each line osls prints (plugin lines such as "create-key  function ... created"), for progress. */
  onLine: (line: string) => void;
  /** Aborting kills osls. */
  signal: AbortSignal;
}

/**
 * `osls deploy --stage <stage>` against the embedded cloud.
 *
 * @throws {CliError} when osls fails (its last lines say why) or was stopped
 * @example
 * const { changed } = await deployFunctions({ emulator, stage: 'dev', onLine: print, signal });
 */
async function deployFunctions(options: DeployFunctionsOptions): Promise<DeployResult> {
  const { emulator } = options;
  const child = spawn(process.execPath, [OSLS, 'deploy', '--stage', options.stage], {
    cwd: REPO_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Only what osls needs: the user's own Huawei credentials must never reach a deploy to the embedded cloud.
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? tmpdir(),
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      HUAWEICLOUD_SDK_AK: emulator.ak,
      HUAWEICLOUD_SDK_SK: emulator.sk,
      HUAWEICLOUD_SDK_PROJECT_ID: emulator.project_id,
      BYOK_REGION: emulator.region,
      BYOK_KMS_ENDPOINT: emulator.endpoint,
      BYOK_FGS_ENDPOINT: emulator.endpoint,
      BYOK_LOG_LEVEL: 'info',
    },
  });
  const kill = (): void => void child.kill('SIGTERM');
  options.signal.addEventListener('abort', kill, { once: true });
  const tail: string[] = [];
  let changed = true;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (raw) => {
      const line = raw.trimEnd();
      if (line.trim() === '') return;
      if (NOTHING_CHANGED.test(line)) changed = false;
      tail.push(line);
      if (tail.length > 5) tail.shift();
      options.onLine(line);
    });
  }
  const code = await new Promise<number | null>((done) => {
    child.once('error', () => done(null));
    child.once('close', done);
  });
  options.signal.removeEventListener('abort', kill);
  if (options.signal.aborted) throw new CliError('deploy stopped');
  if (code !== 0) throw new CliError(`deploying the functions failed (osls exit ${code ?? 'unknown'}): ${tail.slice(-2).join(' / ')}`);
  return { changed };
}

export { REPO_DIR, deployFunctions };
export type { DeployResult };
