/**
 * Everything of one emulator instance except HTTP: store, clock, identity, config, limits,
 * faults and the services, plus the two things every part needs, a fresh `ServiceContext` and
 * "run every service's clock hook".
 */
import type { Database } from 'better-sqlite3';
import { EmulatorClock } from './clock.js';
import type { ClockMode } from './clock.js';
import { ConfigStore } from './config.js';
import { CredentialStore, loadOrCreateIdentity } from './credentials.js';
import type { Identity } from './credentials.js';
import { FaultInjector } from './faults.js';
import { RateLimiter } from './limits.js';
import { ProjectStore } from './projects.js';
import { MetaStore, openStore } from './store.js';
import { Transactor } from './transactor.js';
import type { CloudEvent, ServiceContext, ServiceFactory, ServiceModule } from './types.js';

interface CoreOptions {
  dataFile: string;
  /** `undefined`: the data file's own (virtual when it holds a virtual time, else real). */
  clock: ClockMode | undefined;
  start?: Date;
  region?: string;
  services: ServiceFactory[];
  /** Builds the control surface once the rest of the core exists. */
  control: (core: EmulatorCore) => ServiceModule;
}

/** One emulator's state and collaborators. */
interface EmulatorCore {
  db: Database;
  transactor: Transactor;
  clock: EmulatorClock;
  identity: Identity;
  /** The account's projects (the identity's and any added through the control surface). */
  projects: ProjectStore;
  credentials: CredentialStore;
  config: ConfigStore;
  limiter: RateLimiter;
  faults: FaultInjector;
  /** The services (KMS, CSMS, ...) followed by the control surface. */
  services: ServiceModule[];
  /** A context with the current config. */
  context(): ServiceContext;
  /** Runs every service's `onClock`, synchronously; call inside a transaction. */
  runOnClock(): void;
  /** When `runOnClock` last ran, in emulator-clock milliseconds. */
  lastClockRunMs(): number;
}

/**
 * Opens the data file and wires the core. On failure nothing stays open.
 *
 * @example
 * const core = createCore({ dataFile, clock: 'virtual', services: [createKmsService], control: createControlService });
 */
function createCore(options: CoreOptions): EmulatorCore {
  const services = options.services.map((factory) => factory());
  let db: Database | undefined;
  try {
    const store = openStore(
      options.dataFile,
      services.map((s) => s.schema),
    );
    db = store;
    const transactor = new Transactor(store);
    const meta = new MetaStore(store);
    const { clock, identity, config } = transactor.runSync(() => ({
      clock: new EmulatorClock(options.clock, meta, options.start),
      identity: loadOrCreateIdentity(meta, options.region),
      config: new ConfigStore(meta),
    }));
    const projects = new ProjectStore(meta, identity.projectId);
    let lastRunMs = Number.NEGATIVE_INFINITY;
    const core: EmulatorCore = {
      db: store,
      transactor,
      clock,
      identity,
      projects,
      credentials: new CredentialStore(store, identity),
      config,
      limiter: new RateLimiter(),
      faults: new FaultInjector(),
      services,
      context: () => {
        const ctx: ServiceContext = {
          db: store,
          clock,
          config: config.get(),
          region: identity.region,
          domainId: identity.domainId,
          projectId: identity.projectId,
          events: {
            publish: (event: CloudEvent) => {
              for (const service of core.services) service.onEvent?.(event, ctx);
            },
          },
        };
        return ctx;
      },
      runOnClock: () => {
        const ctx = core.context();
        for (const service of core.services) service.onClock?.(ctx);
        lastRunMs = clock.now().getTime();
      },
      lastClockRunMs: () => lastRunMs,
    };
    core.services = [...services, options.control(core)];
    transactor.runSync(() => core.runOnClock());
    return core;
  } catch (error) {
    db?.close();
    // Services may have started background work (key pools); stop it before giving up.
    void Promise.allSettled(services.map(async (s) => s.close?.()));
    throw error;
  }
}

export { createCore };
export type { CoreOptions, EmulatorCore };
