/** Lookups and context reads shared by the CSMS handlers. */
import type { EmulatorRequest, EmulatorResponse, ServiceContext } from '../../types.js';
import { SecretState } from '../constants.js';
import { CsmsError, csmsError } from '../errors.js';
import type { SecretRow, SecretStore } from '../SecretStore.js';
import type { TimeUnit } from '../views.js';

/** A CSMS handler: the route's request plus the store of this emulator's database. */
type CsmsHandler = (req: EmulatorRequest, ctx: ServiceContext, store: SecretStore) => EmulatorResponse;

function nowMsOf(ctx: ServiceContext): number {
  return ctx.clock.now().getTime();
}

function timeUnitOf(ctx: ServiceContext): TimeUnit {
  return ctx.config.describe_time_unit;
}

/** The secret, or CSMS.0005. */
function requireSecret(store: SecretStore, projectId: string, name: string | undefined): SecretRow {
  const secret = name === undefined ? undefined : store.findSecret(projectId, name);
  if (secret === undefined) throw csmsError(CsmsError.NotFound, 'The secret does not exist.');
  return secret;
}

/** Refuses changes to a secret pending deletion (CSMS.0103) or otherwise not enabled (CSMS.0109). */
function requireWritable(secret: SecretRow): void {
  if (secret.state === SecretState.PendingDelete) {
    throw csmsError(CsmsError.PendingDeletion, 'The secret is in the scheduled deletion state.');
  }
  if (secret.state !== SecretState.Enabled) {
    throw csmsError(CsmsError.NotEnabled, 'The secret state is not enabled.');
  }
}

export { nowMsOf, requireSecret, requireWritable, timeUnitOf };
export type { CsmsHandler };
