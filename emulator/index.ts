/**
 * The embedded Huawei cloud: KMS and CSMS emulated over HTTP on 127.0.0.1, SDK-HMAC-SHA256
 * signed, persisted in one SQLite file, with a real or virtual clock.
 *
 * A development tool: the data file holds key material, secrets and credentials UNENCRYPTED
 * (readable by its owner only, mode 0600).
 */
import { resolve } from 'node:path';
import type { ClockMode } from './clock.js';
import { createControlService } from './control.js';
import { createCore } from './core.js';
import { createCsmsService } from './csms/index.js';
import { createFgsService } from './fgs/index.js';
import { createKmsService } from './kms/index.js';
import { EmulatorServer } from './server.js';
import type { ServiceFactory, ServiceHost } from './types.js';

const DEFAULT_DATA_FILE = '.byok/emulator.db';

interface StartEmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** SQLite data file, created (mode 0600, folder included) if missing. Default `.byok/emulator.db`. */
  dataFile?: string;
  /**
   * `real`: wall clock. `virtual`: moves only through `POST /_emulator/clock`. Default: the data file's own —
   * virtual when it holds a virtual time (it was started virtual before), else real.
   */
  clock?: ClockMode;
  /** First virtual instant for a new data file (default: now). Ignored once the file has one. */
  start?: Date;
  /** Region of a new data file (default `cn-north-4`); an existing file must match. */
  region?: string;
  /** Services to serve; default KMS and CSMS. Tests pass their own. */
  services?: ServiceFactory[];
  /** Where internal errors are reported; default stderr. Never given secrets. */
  log?: (line: string) => void;
}

/** A running emulator: the facts a client needs, and how to stop it. */
interface RunningEmulator {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  region: string;
  project_id: string;
  domain_id: string;
  ak: string;
  sk: string;
  /** Absolute path of the data file. */
  dataFile: string;
  clockMode: ClockMode;
  /** The emulator's current time (virtual in virtual mode); sign requests with it. */
  now(): Date;
  /** Stops accepting, closes every socket, closes the services, then the database. */
  close(): Promise<void>;
}

/**
 * Starts an emulator.
 *
 * @example
 * const emu = await startEmulator({ clock: 'virtual', dataFile: '/tmp/emu.db' });
 * // ... sign requests for emu.endpoint with emu.ak / emu.sk and X-Sdk-Date from emu.now()
 * await emu.close();
 */
async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const dataFile = resolve(options.dataFile ?? DEFAULT_DATA_FILE);
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const core = createCore({
    dataFile,
    clock: options.clock,
    ...(options.start !== undefined && { start: options.start }),
    ...(options.region !== undefined && { region: options.region }),
    services: options.services ?? [createKmsService, createCsmsService, createFgsService],
    control: createControlService,
  });
  const server = new EmulatorServer(core, log);
  const shutDownCore = async (): Promise<void> => {
    await Promise.allSettled(core.services.map(async (s) => s.close?.()));
    core.db.close();
  };
  let port: number;
  try {
    port = await server.listen(options.port ?? 0);
  } catch (error) {
    await shutDownCore();
    throw error;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const host: ServiceHost = {
    transact: (work) => core.transactor.run(() => work(core.context())),
    dataFile,
    endpoint,
    clockMode: core.clock.mode,
    issueCredential: (ctx, seconds) => core.credentials.issueTemporary(ctx.clock.now(), seconds),
    log,
  };
  for (const service of core.services) service.start?.(host);
  // Functions still running call the emulator: stop them while the server still answers.
  const stopServices = async (): Promise<void> => {
    await Promise.allSettled(core.services.map(async (s) => s.stop?.()));
  };
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    region: core.identity.region,
    project_id: core.identity.projectId,
    domain_id: core.identity.domainId,
    ak: core.identity.ak,
    sk: core.identity.sk,
    dataFile,
    clockMode: core.clock.mode,
    now: () => core.clock.now(),
    close: () => {
      closing ??= stopServices()
        .then(() => server.close())
        .then(shutDownCore);
      return closing;
    },
  };
}

export { DataFileError } from './store.js';
export { DEFAULT_DATA_FILE, startEmulator };
export type { RunningEmulator, StartEmulatorOptions };
export type { ClockMode } from './clock.js';
export type { EmulatorConfig } from './types.js';
