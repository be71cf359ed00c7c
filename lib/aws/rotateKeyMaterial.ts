/**
 * Rotation on AWS (docs/aws.md#rotation): new material on the SAME key, then RotateKeyOnDemand. The new secret
 * version's material is imported as NEW_KEY_MATERIAL (it waits as PENDING_ROTATION), the rotation makes it CURRENT,
 * and the old material stays NON_CURRENT so the key still decrypts what it encrypted before. The alias does not
 * move. Then the key's tags pin the new version (`byok:version`, `byok:fp`). Every renewal after that refreshes
 * both materials (MaterialRefresher.ts), each read from the version its description names.
 *
 * Idempotent: a rerun finds the material by its description and resumes (rotate if still pending, retag if done).
 * (The Huawei way, a new key per version with the alias moved, lib/lifecycle/rotate.ts, works on AWS too.)
 */
import { fingerprint } from '../crypto/fingerprint.js';
import { zeroize } from '../crypto/zeroize.js';
import { KeyState } from '../domain/KeyState.js';
import { isByokError } from '../errors/index.js';
import { allKeysByTags, decodeSecretMaterial, LifecycleError, LifecycleErrorCode, readManagedKey, tokenRejectedAgain, WRAPPING_ALGORITHM, wrapForImport } from '../lifecycle/index.js';
import type { AliasRotation, LifecycleDeps } from '../lifecycle/index.js';
import { ErrorKind, hasKind } from '../errors/index.js';
import { LATEST_VERSION } from '../ports/index.js';
import type { SecretMaterial } from '../ports/index.js';
import { MANAGED_VALUE, TagKey } from '../tags.js';
import type { AwsKeyService } from './AwsKeyService.js';
import { materialSource } from './materials.js';
import type { MaterialSource } from './materials.js';

/** What an AWS rotation needs: the lifecycle's deps over the AWS adapter itself. */
interface AwsRotationDeps extends Omit<LifecycleDeps, 'keys'> {
  keys: AwsKeyService;
}

/** One alias's key, or every managed key of a secret (onto `version`, default the latest). */
type AwsRotationTarget = { alias: string } | { secretName: string; version?: string };

function stopped(keyId: string, why: string): LifecycleError {
  return new LifecycleError(`rotation of key ${keyId} stopped: ${why}`, { code: LifecycleErrorCode.KeyStateChanged, keyId });
}

/** The fingerprint of a version's material (plaintext zeroed at once). */
function fingerprintOf(secret: SecretMaterial): string {
  const material = decodeSecretMaterial(secret);
  try {
    return fingerprint(material);
  } finally {
    zeroize(material);
  }
}

/** Imports the version's material as new material of the key (one new set of parameters on a refused token). */
async function importNew(deps: AwsRotationDeps, key: Awaited<ReturnType<typeof readManagedKey>>, source: MaterialSource): Promise<void> {
  const target = { ...key, tags: { secretName: key.tags.secretName, versionId: source.versionId, ttl: key.tags.ttl, alias: key.tags.alias } };
  for (let refetch = 0; ; refetch++) {
    const params = await deps.keys.getParametersForImport(key.keyId, WRAPPING_ALGORITHM);
    const wrapped = await wrapForImport(deps, target, { publicKey: params.publicKey, algorithm: WRAPPING_ALGORITHM });
    try {
      await deps.keys.importNewMaterial({
        keyId: key.keyId,
        importToken: params.importToken,
        encryptedKeyMaterial: wrapped.encryptedKeyMaterial,
        ...(wrapped.expiresAt !== undefined ? { expirationTime: wrapped.expiresAt } : {}),
        source,
      });
      return;
    } catch (error) {
      if (!hasKind(error, ErrorKind.ImportTokenRejected)) throw error;
      if (refetch >= 1) throw tokenRejectedAgain(key.keyId, error.code, error);
    }
  }
}

async function rotateOne(deps: AwsRotationDeps, keyId: string, secret: SecretMaterial): Promise<AliasRotation> {
  const key = await readManagedKey(deps.keys, keyId);
  const report = (outcome: AliasRotation['outcome']): AliasRotation => ({ alias: key.tags.alias, old_key_id: keyId, new_key_id: keyId, version: secret.versionId, outcome });
  if (key.tags.versionId === secret.versionId) return report('already-rotated');
  const info = await deps.keys.describeKey(keyId);
  if (info.keyState !== KeyState.Enabled) throw stopped(keyId, `the key is ${info.keyState}; recover or enable it first, then rotate again`);
  const source = { secretName: key.tags.secretName, versionId: secret.versionId };
  const existing = (await deps.keys.listMaterials(keyId)).find((m) => {
    const named = materialSource(m.description);
    return named?.secretName === source.secretName && named.versionId === source.versionId;
  });
  if (existing === undefined) await importNew(deps, key, source);
  if (existing === undefined || existing.state === 'PENDING_ROTATION') await deps.keys.rotateOnDemand(keyId);
  await deps.keys.putKeyTags(keyId, [
    { key: TagKey.Version, value: secret.versionId },
    { key: TagKey.Fingerprint, value: fingerprintOf(secret) },
  ]);
  deps.logger.info('rotate.material_rotated', { key_id: keyId, alias: key.tags.alias, secret_version: secret.versionId, action: 'rotate', outcome: 'rotated' });
  return report('rotated');
}

/**
 * Rotates the key of an alias, or every managed key of a secret, onto a secret version (the latest by default).
 * One failing key does not stop the others; the first failure is rethrown once all were tried.
 *
 * @throws {LifecycleError} `BYOK.NOT_MANAGED` when nothing is bound, `BYOK.KEY_STATE_CHANGED` for a key that is
 *   not Enabled; import failures keep their code
 * @example
 * const rotated = await rotateKeyMaterial(deps, { alias: 'app' });
 */
async function rotateKeyMaterial(deps: AwsRotationDeps, target: AwsRotationTarget): Promise<AliasRotation[]> {
  let keyIds: string[];
  let secretName: string;
  if ('alias' in target) {
    const keyId = await deps.keys.resolveAlias(target.alias);
    const tags = keyId === undefined ? [] : await deps.keys.showKeyTags(keyId);
    const name = tags.find((t) => t.key === TagKey.Secret)?.value;
    if (keyId === undefined || name === undefined) {
      throw new LifecycleError(`alias ${target.alias} points at no managed key; onboard it first`, { code: LifecycleErrorCode.NotManaged });
    }
    [keyIds, secretName] = [[keyId], name];
  } else {
    secretName = target.secretName;
    const bound = await allKeysByTags(deps.keys, [
      { key: TagKey.Managed, values: [MANAGED_VALUE] },
      { key: TagKey.Secret, values: [secretName] },
    ]);
    keyIds = bound.filter((k) => k.info?.keyState !== KeyState.PendingDeletion).map((k) => k.keyId);
    if (keyIds.length === 0) throw new LifecycleError(`secret ${secretName} is bound to no managed key; onboard it first`, { code: LifecycleErrorCode.NotManaged });
  }
  const secret = await deps.secrets.readVersion(secretName, 'version' in target && target.version !== undefined ? target.version : LATEST_VERSION);
  zeroize(decodeSecretMaterial(secret)); // refuses a version without usable material before anything changes
  const results: AliasRotation[] = [];
  let firstError: unknown;
  for (const keyId of keyIds) {
    try {
      results.push(await rotateOne(deps, keyId, secret));
    } catch (error) {
      if (!isByokError(error)) throw error;
      firstError ??= error;
    }
  }
  if (firstError !== undefined) throw firstError;
  return results;
}

export { rotateKeyMaterial };
export type { AwsRotationDeps, AwsRotationTarget };
