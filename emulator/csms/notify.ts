/**
 * CSMS event notifications: when something happens to a secret whose `event_subscriptions` name an ENABLED event
 * of that type, CSMS publishes to the event's SMN topic (its `notification.target_id`); SMN then reaches every
 * function with an SMN trigger on that topic. The emulator publishes on version creation (not the first version,
 * made with the secret: that is secret creation) and on deletion, immediate or scheduled; it has no rotation.
 *
 * The message CSMS publishes is not documented. The emulator's is a JSON object named after the fields of CSMS's
 * notification records: `{"event_name", "trigger_event_type", "create_time", "secret_name", "secret_type"}`, plus
 * `"version_id"` (`v2`, ...) for version events; `create_time` in the `describe_time_unit` of the emulator. It
 * never carries a secret value.
 */
import type { ServiceContext } from '../types.js';
import type { SecretRow, SecretStore } from './SecretStore.js';
import { wireTime } from './views.js';

const SecretEventType = {
  VersionCreated: 'SECRET_VERSION_CREATED',
  VersionExpired: 'SECRET_VERSION_EXPIRED',
  Rotated: 'SECRET_ROTATED',
  Deleted: 'SECRET_DELETED',
  RotatedFailed: 'SECRET_ROTATED_FAILED',
} as const;
type SecretEventType = (typeof SecretEventType)[keyof typeof SecretEventType];

/**
 * Publishes `type` for `secret` to the SMN topic of each ENABLED event it subscribes to that covers `type`.
 * Call inside the operation's transaction: an operation that fails publishes nothing.
 */
function notifySecretEvent(ctx: ServiceContext, store: SecretStore, secret: SecretRow, type: SecretEventType, versionId?: string): void {
  for (const name of JSON.parse(secret.event_subscriptions) as string[]) {
    const event = store.events.find(secret.project_id, name);
    if (event === undefined || event.state !== 'ENABLED' || !(JSON.parse(event.event_types) as string[]).includes(type)) continue;
    const message = {
      event_name: event.name,
      trigger_event_type: type,
      create_time: wireTime(ctx.clock.now().getTime(), ctx.config.describe_time_unit),
      secret_name: secret.name,
      secret_type: secret.secret_type,
      ...(versionId !== undefined && { version_id: versionId }),
    };
    ctx.events.publish({ kind: 'smn', topicUrn: event.target_id, subject: `CSMS ${type}`, message: JSON.stringify(message) });
  }
}

export { SecretEventType, notifySecretEvent };
