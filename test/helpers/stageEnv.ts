/**
 * A lifecycle test bench: an embedded cloud (virtual clock by default), the REAL Huawei clients pointed at it
 * (signing with the emulator's clock), the ports over them, a captured logger and an in-process dispatcher.
 *
 * @example
 * const env = await startStageEnv();
 * const material = randomMaterial();
 * await env.createSecret('app-key', { secretBinary: material.toString('base64') });
 * const result = await env.dispatcher.runChain('create-key', { alias: 'app', secret: { name: 'app-key' } });
 * await env.close();
 */
import { randomBytes } from 'node:crypto';
import type { HuaweiCloudConfig } from '../../lib/huawei/config.js';
import { createHuaweiClients } from '../../lib/huawei/index.js';
import type { CsmsClient, SecretPayload } from '../../lib/huawei/index.js';
import type { KmsClient } from '../../lib/huawei/KmsClient.js';
import { HuaweiKeyService } from '../../lib/huawei/HuaweiKeyService.js';
import { HuaweiSecretStore } from '../../lib/huawei/HuaweiSecretStore.js';
import { InProcessDispatcher } from '../../lib/dispatch/InProcessDispatcher.js';
import type { DispatchedEvent, InProcessDispatcherOptions, StageOutcome } from '../../lib/dispatch/InProcessDispatcher.js';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import { Logger } from '../../lib/log/Logger.js';
import type { Clock } from '../../lib/ports/index.js';
import type { StageDeps } from '../../lib/stages/types.js';
import { startTestEmulator } from './emulator.js';
import type { StartTestEmulatorOptions, TestEmulator } from './emulator.js';
import { captureLines } from './fgContext.js';
import type { CapturedLines } from './fgContext.js';

/** Options of {@link startStageEnv}. */
interface StageEnvOptions {
  /** Default `{ clock: 'virtual' }`. */
  emulator?: StartTestEmulatorOptions;
  /** Extra options of the env's {@link InProcessDispatcher} (stages, beforeStage, ...). */
  dispatcher?: Partial<InProcessDispatcherOptions>;
}

/** An in-process dispatcher that keeps every stage's event and outcome, in order (tests only: they hold tokens). */
type RecordingDispatcher = InProcessDispatcher & { events: DispatchedEvent[]; outcomes: StageOutcome[] };

/** Builds a {@link RecordingDispatcher}. */
function recordingDispatcher(options: InProcessDispatcherOptions): RecordingDispatcher {
  const events: DispatchedEvent[] = [];
  const outcomes: StageOutcome[] = [];
  const dispatcher = new InProcessDispatcher({
    ...options,
    onStage: (run) => {
      events.push({ stage: run.stage, event: run.event });
      outcomes.push(run.outcome);
      options.onStage?.(run);
    },
  });
  return Object.assign(dispatcher, { events, outcomes });
}

interface StageEnv {
  emu: TestEmulator;
  /** The emulator's endpoint and credentials as a client config. */
  config: HuaweiCloudConfig;
  kms: KmsClient;
  csms: CsmsClient;
  keys: HuaweiKeyService;
  secrets: HuaweiSecretStore;
  /** The emulator's (virtual) clock. */
  clock: Clock;
  /** Every log line written by the env's logger. */
  logs: CapturedLines;
  logger: Logger;
  /** Built with `options.dispatcher`; a fresh one per test is `newDispatcher()`. */
  dispatcher: RecordingDispatcher;
  newDispatcher(overrides?: Partial<InProcessDispatcherOptions>): RecordingDispatcher;
  /** Stage deps over the env's ports, with `dispatcher` (default: the env's). */
  deps(overrides?: Partial<StageDeps>): StageDeps;
  /** Creates a secret (or a new version when it exists); answers the version id. */
  createSecret(name: string, payload: SecretPayload): Promise<string>;
  close(): Promise<void>;
}

/** 32 random bytes: AES-256 key material for a test. */
function randomMaterial(): Buffer {
  return randomBytes(32);
}

/** Starts an emulator and wires the ports to it; close it in `afterAll`/`afterEach`. */
async function startStageEnv(options: StageEnvOptions = {}): Promise<StageEnv> {
  const emu = await startTestEmulator(options.emulator ?? { clock: 'virtual' });
  const config: HuaweiCloudConfig = {
    ak: emu.ak,
    sk: new SecretValue(emu.sk),
    projectId: emu.projectId,
    region: emu.region,
    endpoint: emu.endpoint,
  };
  const { kms, csms } = createHuaweiClients({
    config,
    now: () => emu.now(),
    retry: { sleep: async () => {}, random: () => 0.5 },
  });
  const keys = new HuaweiKeyService(kms);
  const secrets = new HuaweiSecretStore(csms);
  const clock: Clock = { now: () => emu.now() };
  const logs = captureLines();
  const logger = new Logger({ level: 'debug', write: logs.write, fields: { fn: 'test' } });
  const newDispatcher = (overrides: Partial<InProcessDispatcherOptions> = {}): RecordingDispatcher =>
    recordingDispatcher({ keys, secrets, clock, logger, ...options.dispatcher, ...overrides });
  const dispatcher = newDispatcher();
  return {
    emu,
    config,
    kms,
    csms,
    keys,
    secrets,
    clock,
    logs,
    logger,
    dispatcher,
    newDispatcher,
    deps: (overrides = {}) => ({ keys, secrets, clock, logger, dispatcher, ...overrides }),
    createSecret: async (name, payload) => {
      const exists = await csms.showSecret(name).then(
        () => true,
        () => false,
      );
      if (exists) return (await csms.createSecretVersion(name, payload)).id;
      await csms.createSecret({ name, ...payload });
      return (await csms.showSecretVersion(name, 'latest')).metadata.id;
    },
    close: () => emu.close(),
  };
}

export { randomMaterial, recordingDispatcher, startStageEnv };
export type { RecordingDispatcher, StageEnv, StageEnvOptions };
