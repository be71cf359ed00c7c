/**
 * The CSMS service of the emulator: secrets, versions and stages under `/v1/{project_id}/secrets`, event
 * notifications under `/v1/{project_id}/csms/events` (published to SMN as cloud events, see notify.ts),
 * errors in the flat shape. Wire facts: reference §2 and the SDK models of
 * `huaweicloud-sdk-csms` v1.
 */
import type { Database } from 'better-sqlite3';
import { ApiGroup, type Route, type ServiceContext, type ServiceModule } from '../types.js';
import type { CsmsHandler } from './handlers/common.js';
import { nowMsOf } from './handlers/common.js';
import {
  cancelSecretDeletion,
  createSecret,
  deleteSecret,
  purgeDueSecrets,
  scheduleSecretDeletion,
  showSecret,
} from './handlers/secretHandlers.js';
import {
  createSecretEvent,
  deleteSecretEvent,
  listSecretEvents,
  showSecretEvent,
  updateSecretEvent,
} from './handlers/eventHandlers.js';
import { deleteSecretStage, showSecretStage, updateSecretStage } from './handlers/stageHandlers.js';
import { createSecretVersion, listSecretVersions, showSecretVersion } from './handlers/versionHandlers.js';
import { CSMS_SCHEMA } from './schema.js';
import { SecretStore } from './SecretStore.js';

const SECRET = '/v1/{project_id}/secrets/{secret_name}';
const EVENTS = '/v1/{project_id}/csms/events';

/** Route table: method, Huawei's path template, handler. */
const CSMS_ROUTES: readonly [Route['method'], string, CsmsHandler][] = [
  ['POST', '/v1/{project_id}/secrets', createSecret],
  ['GET', SECRET, showSecret],
  ['DELETE', SECRET, deleteSecret],
  ['POST', `${SECRET}/scheduled-deleted-tasks/create`, scheduleSecretDeletion],
  ['POST', `${SECRET}/scheduled-deleted-tasks/cancel`, cancelSecretDeletion],
  ['POST', `${SECRET}/versions`, createSecretVersion],
  ['GET', `${SECRET}/versions`, listSecretVersions],
  ['GET', `${SECRET}/versions/{version_id}`, showSecretVersion],
  ['GET', `${SECRET}/stages/{stage_name}`, showSecretStage],
  ['PUT', `${SECRET}/stages/{stage_name}`, updateSecretStage],
  ['DELETE', `${SECRET}/stages/{stage_name}`, deleteSecretStage],
  ['POST', EVENTS, createSecretEvent],
  ['GET', EVENTS, listSecretEvents],
  ['GET', `${EVENTS}/{event_name}`, showSecretEvent],
  ['PUT', `${EVENTS}/{event_name}`, updateSecretEvent],
  ['DELETE', `${EVENTS}/{event_name}`, deleteSecretEvent],
];

/**
 * Builds the CSMS service for one emulator instance.
 *
 * @example
 * const csms = createCsmsService();
 * db.exec(csms.schema);
 * const route = csms.routes.find((r) => r.method === 'POST' && r.path === '/v1/{project_id}/secrets');
 */
function createCsmsService(): ServiceModule {
  // One store (its prepared statements) per database this instance serves.
  const stores = new WeakMap<Database, SecretStore>();
  const storeOf = (ctx: ServiceContext): SecretStore => {
    let store = stores.get(ctx.db);
    if (store === undefined) {
      store = new SecretStore(ctx.db);
      stores.set(ctx.db, store);
    }
    return store;
  };

  const routes: Route[] = CSMS_ROUTES.map(([method, path, handler]) => ({
    method,
    path,
    group: ApiGroup.Csms,
    errorShape: 'flat',
    handler: (req, ctx) => handler(req, ctx, storeOf(ctx)),
  }));

  return {
    schema: CSMS_SCHEMA,
    routes,
    onClock(ctx: ServiceContext): void {
      purgeDueSecrets(ctx, storeOf(ctx), nowMsOf(ctx));
    },
  };
}

export { createCsmsService };
