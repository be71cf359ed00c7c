/**
 * The key materials of a symmetric AWS key (docs/aws.md#materials). Since 2025 such a key can hold several: the
 * CURRENT one (encrypts and decrypts), NON_CURRENT ones from earlier rotations (decrypt only), and at most one
 * PENDING_ROTATION import. Any permanently associated material lapsing puts the whole key in PendingImport, so a
 * renewal must refresh each one; ListKeyRotations with ALL_KEY_MATERIAL lists them all (the default leaves the
 * first material out).
 *
 * byok-keeper names the secret version a material came from in its KeyMaterialDescription
 * (`byok-keeper secret=<name> version=<id>`), written at every import, so a later renewal can find it again.
 */
import { ListKeyRotationsCommand } from '@aws-sdk/client-kms';
import type { KMSClient, RotationsListEntry } from '@aws-sdk/client-kms';
import type { AwsCaller } from './AwsCaller.js';
import { AwsOperation } from './operations.js';

/** One material of a key, as ListKeyRotations tells it. */
interface KeyMaterial {
  id: string;
  description: string | undefined;
  /** IMPORTED; false once it expired or was deleted (PENDING_IMPORT). */
  imported: boolean;
  /** CURRENT, NON_CURRENT, PENDING_ROTATION, ... */
  state: string;
  /** `undefined` for material that never expires. */
  validTo: Date | undefined;
}

/** Where a material came from. */
interface MaterialSource {
  secretName: string;
  versionId: string;
}

const DESCRIPTION = /^byok-keeper secret=(\S{1,512}) version=(\S{1,64})$/;

/**
 * The description recorded with a material.
 *
 * @example
 * materialDescription({ secretName: 'app-key', versionId: '5f0c…' }) // 'byok-keeper secret=app-key version=5f0c…'
 */
function materialDescription(source: MaterialSource): string {
  return `byok-keeper secret=${source.secretName} version=${source.versionId}`;
}

/** The secret version a material's description names; `undefined` when it names none. */
function materialSource(description: string | undefined): MaterialSource | undefined {
  const match = description === undefined ? null : DESCRIPTION.exec(description);
  return match === null ? undefined : { secretName: match[1]!, versionId: match[2]! };
}

/** Materials whose lapse makes the key unusable: CURRENT and NON_CURRENT (a pending rotation is not yet bound). */
function isPermanent(material: KeyMaterial): boolean {
  return material.state === 'CURRENT' || material.state === 'NON_CURRENT';
}

function toMaterial(entry: RotationsListEntry): KeyMaterial | undefined {
  if (entry.KeyMaterialId === undefined) return undefined;
  return {
    id: entry.KeyMaterialId,
    description: entry.KeyMaterialDescription || undefined,
    imported: entry.ImportState === 'IMPORTED',
    state: entry.KeyMaterialState ?? 'CURRENT',
    validTo: entry.ExpirationModel === 'KEY_MATERIAL_EXPIRES' ? entry.ValidTo : undefined,
  };
}

/**
 * Every material of a symmetric key, the first one included.
 *
 * @example
 * const materials = await listMaterials(kms, caller, keyId);
 */
async function listMaterials(kms: KMSClient, caller: AwsCaller, keyId: string): Promise<KeyMaterial[]> {
  const materials: KeyMaterial[] = [];
  let marker: string | undefined;
  do {
    const page = await caller.call(AwsOperation.ListKeyRotations, () =>
      kms.send(
        new ListKeyRotationsCommand({
          KeyId: keyId,
          IncludeKeyMaterial: 'ALL_KEY_MATERIAL',
          Limit: 100,
          ...(marker !== undefined ? { Marker: marker } : {}),
        }),
      ),
    );
    for (const entry of page.Rotations ?? []) {
      const material = toMaterial(entry);
      if (material !== undefined) materials.push(material);
    }
    marker = page.Truncated === true ? page.NextMarker : undefined;
  } while (marker !== undefined);
  return materials;
}

export { isPermanent, listMaterials, materialDescription, materialSource };
export type { KeyMaterial, MaterialSource };
