/** Every FunctionGraph store over one connection, built once per database. */
import type { Database } from 'better-sqlite3';
import { AsyncConfigStore } from './AsyncConfigStore.js';
import { FunctionStore } from './FunctionStore.js';
import { InvocationStore } from './InvocationStore.js';
import { JobStore } from './JobStore.js';
import { TriggerStore } from './TriggerStore.js';

interface FgsStore {
  functions: FunctionStore;
  triggers: TriggerStore;
  asyncConfigs: AsyncConfigStore;
  invocations: InvocationStore;
  jobs: JobStore;
}

/** A cache of stores per database, so two emulators in one process share nothing. */
function fgsStoreCache(): (db: Database) => FgsStore {
  const stores = new WeakMap<Database, FgsStore>();
  return (db) => {
    let store = stores.get(db);
    if (store === undefined) {
      store = {
        functions: new FunctionStore(db),
        triggers: new TriggerStore(db),
        asyncConfigs: new AsyncConfigStore(db),
        invocations: new InvocationStore(db),
        jobs: new JobStore(db),
      };
      stores.set(db, store);
    }
    return store;
  };
}

export { fgsStoreCache };
export type { FgsStore };
