/**
 * Ports: what the lifecycle needs from the outside world, and nothing more. The domain (lib/lifecycle, lib/stages,
 * lib/renewal) depends on these interfaces; lib/huawei (and lib/aws) implement them, and their failures carry an
 * {@link ErrorKind} the domain decides on.
 */
export { ErrorKind } from '../errors/ErrorKind.js';
export type { Clock } from './Clock.js';
export { StageName } from './Dispatcher.js';
export type { Dispatcher } from './Dispatcher.js';
export type { KeyService } from './KeyService.js';
export { LATEST_VERSION } from './SecretStore.js';
export type { SecretMaterial, SecretStore } from './SecretStore.js';
export type { LockAttempt, LockHandle, SweepLock } from './SweepLock.js';
