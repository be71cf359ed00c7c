/**
 * `npm start`: the main job, deployed, on the embedded cloud. Starts the cloud on the data file every byok command
 * uses, deploys the functions with the serverless plugin, seeds the demo fleet on the first run, serves the live
 * dashboard over the functions' logs, and moves the virtual clock so the deployed renew-expiring timer does the
 * work. Everything the functions do, they do deployed: this process only moves the clock and reads the cloud.
 */
import { closeSync, openSync } from 'node:fs';
import type { RunningEmulator } from '../../emulator/index.js';
import { functionLogPath } from '../../emulator/fgs/runtime/functionLog.js';
import { functionsRoot } from '../../emulator/fgs/runtime/planInvocation.js';
import { serveDashboard } from '../../lib/dashboard/index.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { KeyState } from '../../lib/domain/KeyState.js';
import { FunctionGraphDispatcher } from '../../lib/huawei/FunctionGraphDispatcher.js';
import { HuaweiTransport } from '../../lib/huawei/HuaweiTransport.js';
import { createHuaweiClients } from '../../lib/huawei/index.js';
import type { HuaweiCloudConfig } from '../../lib/huawei/index.js';
import { huaweiPorts } from '../../lib/huawei/wiring.js';
import { DEMO_FLEET } from './demoFleet.js';
import { deployFunctions } from './deployFunctions.js';
import { openCloud, portOf, saveState } from './openCloud.js';
import { runTicks } from './runTicks.js';
import { seedFleet } from './seedFleet.js';
import type { StartOptions } from './startOptions.js';
import type { StartOutput } from './startOutput.js';

/** serverless.yml's service, the stage `npm start` deploys, and FunctionGraph's default package. */
const SERVICE = 'byok-keeper';
const STAGE = 'dev';
const PACKAGE = 'default';
const FUNCTION_KEYS = ['create-key', 'fetch-parameters', 'wrap-material', 'import-material', 'on-event', 'renew-expiring'] as const;
/** Long enough for a drain (cloudControl.ts waits up to 120 s). */
const CONTROL_TIMEOUT_MS = 130_000;

const functionName = (key: string): string => `${SERVICE}-${STAGE}-${key}`;

function cloudConfig(emulator: RunningEmulator): HuaweiCloudConfig {
  return { ak: emulator.ak, sk: new SecretValue(emulator.sk), projectId: emulator.project_id, region: emulator.region, endpoint: emulator.endpoint };
}

/** Each deployed function's log file (created empty if it never ran, so the dashboard can follow it). */
function logFiles(emulator: RunningEmulator): string[] {
  return FUNCTION_KEYS.map((key) => {
    const file = functionLogPath(functionsRoot(emulator.dataFile), PACKAGE, functionName(key));
    closeSync(openSync(file, 'a', 0o600));
    return file;
  });
}

async function deploy(emulator: RunningEmulator, output: StartOutput, signal: AbortSignal): Promise<void> {
  output.note(`deploying the functions: osls deploy --stage ${STAGE} (the serverless plugin packages six esbuild bundles, then writes what differs)`);
  const started = Date.now();
  const { changed } = await deployFunctions({
    emulator,
    stage: STAGE,
    onLine: (line) => {
      // The per-function "unchanged" lines say nothing a person needs; changes, sizes and the verdict do.
      if (!/\bunchanged\b/.test(line)) output.note(`  ${line.trim()}`);
    },
    signal,
  });
  saveState(emulator.dataFile, { emulator_port: portOf(emulator.endpoint) });
  output.note(`deploy done in ${((Date.now() - started) / 1000).toFixed(1)} s${changed ? '' : ' (nothing to redeploy)'}`);
}

async function serveLive(emulator: RunningEmulator, port: number, output: StartOutput): Promise<() => Promise<void>> {
  const logs = logFiles(emulator);
  const server = await serveDashboard({ logs, port }).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
    return serveDashboard({ logs, port: 0 });
  });
  output.note(`live dashboard: ${server.url}`);
  output.setFooter(`dashboard ${server.url}   Ctrl-C stops; npm start resumes`);
  return () => server.close();
}

/**
 * Runs `byok start`; answers the exit code (with `days`: 0 when no key is in Pending import at the end).
 *
 * @example
 * const code = await runStart(options, startOutput(process, heading), controller.signal);
 */
async function runStart(options: StartOptions, output: StartOutput, signal: AbortSignal): Promise<number> {
  const emulator = await openCloud(options.dataFile);
  // Closing the cloud stops its functions and ends any call in flight (a drain), so Ctrl-C takes effect at once.
  const stop = (): void => void emulator.close();
  signal.addEventListener('abort', stop, { once: true });
  let closeDashboard = async (): Promise<void> => {};
  try {
    output.note(`embedded cloud at ${emulator.endpoint}, virtual clock at ${emulator.now().toISOString()}, data ${emulator.dataFile}`);
    await deploy(emulator, output, signal);
    const now = (): Date => emulator.now();
    const config = cloudConfig(emulator);
    const transport = new HuaweiTransport({ config, now, timeoutMs: CONTROL_TIMEOUT_MS });
    const { keys } = huaweiPorts(config, now);
    const urn = (key: string): string => `urn:fss:${emulator.region}:${emulator.project_id}:function:${PACKAGE}:${functionName(key)}:latest`;
    const dispatcher = new FunctionGraphDispatcher({ config, endpoint: emulator.endpoint, functionUrns: { 'on-event': urn('on-event') }, now });
    const { csms } = createHuaweiClients({ config, now });
    const seeded = await seedFleet(DEMO_FLEET, { keys, csms, transport, dispatcher, timerUrn: urn('renew-expiring'), print: output.note });
    output.note(seeded.onboarded.length > 0 ? `seeded ${seeded.onboarded.length} keys` : 'the demo fleet is there already: resuming');
    output.note(`the functions' logs: ${functionsRoot(emulator.dataFile)}/logs/${PACKAGE}/ (one file per function)`);
    if (options.days === undefined) closeDashboard = await serveLive(emulator, options.dashboardPort, output);
    const speed = options.speed === undefined ? 'as fast as the functions run' : `${options.speed} simulated h/s`;
    output.note(`moving the clock one hour a tick (${speed}); the deployed renew-expiring timer fires every hour`);
    const last = await runTicks(
      { keys, transport, now, timerFunction: functionName('renew-expiring') },
      { ticks: options.days === undefined ? undefined : options.days * 24, speed: options.speed, signal, show: output.tick },
    );
    if (signal.aborted || options.days === undefined) return 0;
    const pending = last.keys.filter((key) => key.state === KeyState.PendingImport).map((key) => key.alias);
    output.note(
      pending.length === 0
        ? `after ${options.days} simulated day${options.days === 1 ? '' : 's'} no key is in Pending import: every key was renewed or recovered by the deployed timer`
        : `after ${options.days} simulated day${options.days === 1 ? '' : 's'} still in Pending import: ${pending.join(', ')}`,
    );
    return pending.length === 0 ? 0 : 1;
  } catch (error) {
    // Ctrl-C closes the cloud under a call in flight: that is a stop, not a failure.
    if (signal.aborted) return 0;
    throw error;
  } finally {
    signal.removeEventListener('abort', stop);
    await closeDashboard();
    await emulator.close();
  }
}

export { runStart };
