/**
 * The emulated Huawei KMS as a `ServiceModule`: the SQL it needs, its routes, expiry processing on every clock
 * move, and a wrapping-key pool released on close. Each call builds an independent service.
 */
import type { Database } from 'better-sqlite3';
import type { EmulatorRequest, Route, ServiceContext, ServiceModule } from '../types.js';
import { KmsLimits } from './constants.js';
import { publishCtsTrace } from './ctsTrace.js';
import { applyDueChanges } from './expiry.js';
import type { KmsCall } from './KmsCall.js';
import { kmsRoutes } from './routes.js';
import { kmsSchema } from './store/schema.js';
import { KmsStore } from './store/KmsStore.js';
import { WrappingKeyPool } from './WrappingKeyPool.js';
import type { WrappingKeyPoolOptions } from './WrappingKeyPool.js';

interface KmsServiceOptions {
  /** Wrapping-key pool settings; `{ size: 0 }` makes every get-parameters-for-import generate its key (cold). */
  wrappingKeyPool?: WrappingKeyPoolOptions;
  /** Quota of custom keys per project (create-key answers KMS.1105 beyond it). Default Huawei's 100; benchmarks
   * of large fleets raise it. */
  customKeysPerProject?: number;
}

interface KmsService extends ServiceModule {
  /** The wrapping-key pool, exposed for benchmarks and tests (`available`, `warm()`). */
  readonly wrappingKeyPool: WrappingKeyPool;
}

/**
 * Builds the KMS service.
 *
 * @example
 * const kms = createKmsService();
 * db.exec(kms.schema);
 * const route = kms.routes.find((r) => r.path.endsWith('/describe-key'));
 */
function createKmsService(options: KmsServiceOptions = {}): KmsService {
  const pool = new WrappingKeyPool(options.wrappingKeyPool);
  const customKeysPerProject = options.customKeysPerProject ?? KmsLimits.customKeysPerProject;
  const stores = new WeakMap<Database, KmsStore>();
  const storeOf = (db: Database): KmsStore => {
    let store = stores.get(db);
    if (!store) {
      store = new KmsStore(db);
      stores.set(db, store);
    }
    return store;
  };

  const routes: Route[] = kmsRoutes.map(({ prepare, ...route }) => ({
    ...route,
    ...(prepare && { prepare: (req: EmulatorRequest, ctx: ServiceContext) => prepare(req, pool, storeOf(ctx.db)) }),
    handler: (req: EmulatorRequest, ctx: ServiceContext) => {
      const store = storeOf(ctx.db);
      const call: KmsCall = { req, ctx, store, pool, nowMs: ctx.clock.now().getTime(), customKeysPerProject };
      // A transaction of our own (a savepoint when the core already opened one): time-driven changes and the
      // operation commit together or not at all.
      return ctx.db.transaction(() => {
        applyDueChanges(store, ctx, call.nowMs);
        const response = route.handler(call);
        publishCtsTrace(call, route.method, route.path, response);
        return response;
      })();
    },
  }));

  return {
    schema: kmsSchema,
    routes,
    wrappingKeyPool: pool,
    onClock(ctx: ServiceContext): void {
      const store = storeOf(ctx.db);
      ctx.db.transaction(() => {
        store.tokenSecret();
        applyDueChanges(store, ctx, ctx.clock.now().getTime());
      })();
      pool.fill();
    },
    close: () => pool.close(),
  };
}

export { createKmsService };
export type { KmsService, KmsServiceOptions };
