/**
 * Seeds a fleet through the DEPLOYED functions: each key's material goes into CSMS, then `on-event` is invoked
 * asynchronously with `{"action":"onboard"}` (create-key, then fetch-parameters → wrap-material → import-material,
 * each its own function). Only aliases not managed yet are seeded, so a second `npm start` (or one that was
 * stopped halfway) seeds nothing twice.
 *
 * The lapsed key: with the renewal timer paused (FunctionGraph's update-trigger), the clock moves past its
 * material's expiry and the deletion that follows, so the key is in Pending import when the timer comes back.
 */
import { randomBytes } from 'node:crypto';
import { ErrorKind, isCloudApiError } from '../../lib/errors/index.js';
import type { HuaweiTransport } from '../../lib/huawei/HuaweiTransport.js';
import type { CsmsClient } from '../../lib/huawei/index.js';
import { allKeysByTags } from '../../lib/lifecycle/allKeysByTags.js';
import { KeyState } from '../../lib/domain/KeyState.js';
import type { Dispatcher, KeyService } from '../../lib/ports/index.js';
import { StageName } from '../../lib/ports/index.js';
import { parseTtl } from '../../lib/ttl.js';
import { CliError } from '../args.js';
import { advanceClock } from '../embeddedControl.js';
import { drainFunctions, expiryDeletionDelaySeconds, setTimerStatus } from './cloudControl.js';
import type { Fleet, FleetKey } from './demoFleet.js';

interface SeedDeps {
  keys: KeyService;
  csms: CsmsClient;
  /** Signed transport to the embedded cloud (control surface and FunctionGraph API). */
  transport: HuaweiTransport;
  /** Invokes the deployed on-event function asynchronously. */
  dispatcher: Dispatcher;
  /** URN of the deployed renew-expiring function (its TIMER is paused while the lapsed key expires). */
  timerUrn: string;
  print: (line: string) => void;
}

interface SeedResult {
  /** Aliases onboarded by this call (none when the fleet was there already). */
  onboarded: string[];
  /** Whether the lapsed key was let fall into Pending import by this call. */
  lapsed: boolean;
}

/** Aliases of the managed keys already in KMS (tag `byok:alias`). */
async function managedAliases(keys: KeyService): Promise<Set<string>> {
  const managed = await allKeysByTags(keys, [{ key: 'byok:managed', values: ['true'] }]);
  return new Set(managed.flatMap((key) => key.tags.filter((tag) => tag.key === 'byok:alias').map((tag) => tag.value)));
}

/** Stores 32 random bytes as the key's secret (kept if a stopped run stored it already). */
async function storeMaterial(csms: CsmsClient, key: FleetKey): Promise<void> {
  const material = randomBytes(32);
  const value = key.encoding === 'binary' ? { secretBinary: material.toString('base64') } : { secretString: material.toString(key.encoding) };
  material.fill(0);
  try {
    await csms.createSecret({ name: key.alias, ...value });
  } catch (error) {
    if (!(isCloudApiError(error) && error.kind === ErrorKind.AlreadyExists)) throw error;
  }
}

/** Lets the lapsed key's material expire and be deleted while the timer is paused; checks it is in Pending import. */
async function lapse(deps: SeedDeps, key: FleetKey): Promise<void> {
  const ttlSeconds = parseTtl(key.ttl).seconds ?? 0;
  const seconds = ttlSeconds + (await expiryDeletionDelaySeconds(deps.transport)) + 60;
  await setTimerStatus(deps.transport, deps.timerUrn, 'DISABLED');
  try {
    await advanceClock(deps.transport, seconds);
  } finally {
    await setTimerStatus(deps.transport, deps.timerUrn, 'ACTIVE');
  }
  const keyId = await deps.keys.resolveAlias(key.alias);
  const state = keyId === undefined ? 'gone' : (await deps.keys.describeKey(keyId)).keyState;
  if (state !== KeyState.PendingImport) throw new CliError(`${key.alias} should be in Pending import after its material lapsed, but is ${state}`);
  deps.print(`${key.alias}: the timer was paused for ${(seconds / 3600).toFixed(1)} simulated hours; its material expired and was deleted (Pending import)`);
}

/**
 * Seeds what is missing of `fleet`.
 *
 * @throws {CliError} when a key could not be onboarded (its function's log says why)
 * @example
 * await seedFleet(DEMO_FLEET, { keys, csms, transport, dispatcher, timerUrn, print });
 */
async function seedFleet(fleet: Fleet, deps: SeedDeps): Promise<SeedResult> {
  const existing = await managedAliases(deps.keys);
  const missing = fleet.keys.filter((key) => !existing.has(key.alias));
  if (missing.length === 0) return { onboarded: [], lapsed: false };
  deps.print(`seeding ${missing.length} keys: material into CSMS, then on-event {"action":"onboard"} for each (deployed functions)`);
  for (const key of missing) {
    await storeMaterial(deps.csms, key);
    await deps.dispatcher.dispatch(StageName.OnEvent, { action: 'onboard', alias: key.alias, secret: { name: key.alias }, ttl: key.ttl });
  }
  await drainFunctions(deps.transport);
  for (const key of missing) {
    const keyId = await deps.keys.resolveAlias(key.alias);
    const state = keyId === undefined ? undefined : (await deps.keys.describeKey(keyId)).keyState;
    if (state !== KeyState.Enabled) throw new CliError(`onboarding ${key.alias} failed (the on-event and import-material function logs say why)`);
  }
  const lapsedKey = missing.find((key) => key.alias === fleet.lapsed);
  if (lapsedKey !== undefined) await lapse(deps, lapsedKey);
  return { onboarded: missing.map((key) => key.alias), lapsed: lapsedKey !== undefined };
}

export { seedFleet };
export type { SeedDeps, SeedResult };
