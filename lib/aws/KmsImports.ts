/**
 * Imports on AWS KMS (docs/aws.md#materials): import parameters, the domain's import (which on a symmetric key also
 * refreshes every other material the key holds, MaterialRefresher.ts), and the two calls of the AWS rotation (new
 * material, then RotateKeyOnDemand). Asymmetric and HMAC keys hold one material and must not be sent ImportType.
 */
import { GetParametersForImportCommand, ImportKeyMaterialCommand, RotateKeyOnDemandCommand } from '@aws-sdk/client-kms';
import type { AlgorithmSpec, KMSClient } from '@aws-sdk/client-kms';
import type { ImportParameters, WrappingAlgorithm } from '../domain/ImportParameters.js';
import type { KeyTag } from '../domain/KeyInfo.js';
import { SecretValue } from '../domain/SecretValue.js';
import { ErrorKind } from '../errors/index.js';
import type { Clock } from '../ports/index.js';
import { TagKey } from '../tags.js';
import type { AwsCaller } from './AwsCaller.js';
import { clientError } from './awsErrors.js';
import type { WrappingKeySpec } from './config.js';
import { expirationOf } from './expiration.js';
import type { Expiration } from './expiration.js';
import { listMaterials, materialDescription } from './materials.js';
import type { KeyMaterial, MaterialSource } from './materials.js';
import { AwsOperation } from './operations.js';

/** The domain's wrapping algorithms AWS accepts; the others are refused here with the reason. */
const AWS_ALGORITHMS: Readonly<Record<WrappingAlgorithm, AlgorithmSpec | undefined>> = {
  RSAES_OAEP_SHA_256: 'RSAES_OAEP_SHA_256',
  RSAES_OAEP_SHA_1: 'RSAES_OAEP_SHA_1',
  RSAES_PKCS1_V1_5: undefined,
  SM2_ENCRYPT: undefined,
};

const REFUSED_ALGORITHM: Readonly<Partial<Record<WrappingAlgorithm, string>>> = {
  RSAES_PKCS1_V1_5: 'AWS KMS refuses RSAES_PKCS1_V1_5 since October 2023; request RSAES_OAEP_SHA_256',
  SM2_ENCRYPT: 'SM2 wrapping exists only in AWS China regions and byok-keeper does not wrap with it; request RSAES_OAEP_SHA_256',
};

/** What the port's import hands over. */
interface ImportInput {
  keyId: string;
  importToken: SecretValue;
  encryptedKeyMaterial: SecretValue;
  expirationTime?: Date;
}

/** What the refresh of the other materials needs from the import. */
interface AfterImport {
  keyId: string;
  importedMaterialId: string | undefined;
  materials: KeyMaterial[];
  expiration: Expiration;
}

/** Options of {@link KmsImports}. */
interface KmsImportsOptions {
  kms: KMSClient;
  caller: AwsCaller;
  clock: Clock;
  wrappingKeySpec: WrappingKeySpec;
  /** Whether the key can hold several materials (from its key spec). */
  isSymmetric: (keyId: string) => Promise<boolean>;
  /** The key's tags (its byok:secret/byok:version name the material being imported). */
  tagsOf: (keyId: string) => Promise<KeyTag[]>;
  /** Refreshes the key's other materials after the domain's import. */
  refreshOthers: (after: AfterImport) => Promise<void>;
}

const bytes = (value: SecretValue): Uint8Array => Buffer.from(value.reveal(), 'base64');

function sourceOf(tags: readonly KeyTag[]): MaterialSource | undefined {
  const secretName = tags.find((t) => t.key === TagKey.Secret)?.value;
  const versionId = tags.find((t) => t.key === TagKey.Version)?.value;
  return secretName && versionId ? { secretName, versionId } : undefined;
}

class KmsImports {
  readonly #o: KmsImportsOptions;

  constructor(options: KmsImportsOptions) {
    this.#o = options;
  }

  /** A fresh wrapping key and import token (valid 24 h) for `keyId`. */
  async parameters(keyId: string, algorithm: WrappingAlgorithm): Promise<ImportParameters> {
    const spec = AWS_ALGORITHMS[algorithm];
    if (spec === undefined) {
      throw clientError('GetParametersForImport', 'UnsupportedWrappingAlgorithm', ErrorKind.InvalidRequest, REFUSED_ALGORITHM[algorithm] ?? 'request RSAES_OAEP_SHA_256');
    }
    const out = await this.#o.caller.call(AwsOperation.GetParametersForImport, () =>
      this.#o.kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: spec, WrappingKeySpec: this.#o.wrappingKeySpec })),
    );
    if (out.ImportToken === undefined || out.PublicKey === undefined || out.ParametersValidTo === undefined) {
      throw clientError('GetParametersForImport', 'BadResponse', ErrorKind.Unknown, 'retry later; AWS answered without a token, key or validity');
    }
    return {
      keyId,
      importToken: new SecretValue(Buffer.from(out.ImportToken).toString('base64')),
      publicKey: Buffer.from(out.PublicKey).toString('base64'),
      expiresAt: out.ParametersValidTo,
    };
  }

  /** The port's import: the material the domain wrapped (the key's pinned version), then every other material. */
  async importMaterial(input: ImportInput): Promise<void> {
    const expiration = expirationOf(input.expirationTime, this.#o.clock.now());
    const base = { KeyId: input.keyId, ImportToken: bytes(input.importToken), EncryptedKeyMaterial: bytes(input.encryptedKeyMaterial), ...expiration };
    if (!(await this.#o.isSymmetric(input.keyId))) {
      await this.#o.caller.call(AwsOperation.ImportKeyMaterial, () => this.#o.kms.send(new ImportKeyMaterialCommand(base)));
      return;
    }
    const [tags, materials] = await Promise.all([this.#o.tagsOf(input.keyId), listMaterials(this.#o.kms, this.#o.caller, input.keyId)]);
    const source = sourceOf(tags);
    // No ImportType on a key without material (AWS takes it as NEW_KEY_MATERIAL); EXISTING after that, with no
    // KeyMaterialId: AWS computes it from the material and checks the key holds it.
    const out = await this.#o.caller.call(AwsOperation.ImportKeyMaterial, () =>
      this.#o.kms.send(
        new ImportKeyMaterialCommand({
          ...base,
          ...(materials.length > 0 ? { ImportType: 'EXISTING_KEY_MATERIAL' } : {}),
          ...(source !== undefined ? { KeyMaterialDescription: materialDescription(source) } : {}),
        }),
      ),
    );
    await this.#o.refreshOthers({ keyId: input.keyId, importedMaterialId: out.KeyMaterialId, materials, expiration });
  }

  /** Re-imports one known material (the refresh of the key's other materials). */
  async reimport(material: KeyMaterial, input: ImportInput, expiration: Expiration): Promise<void> {
    await this.#o.caller.call(AwsOperation.ImportKeyMaterial, () =>
      this.#o.kms.send(
        new ImportKeyMaterialCommand({
          KeyId: input.keyId,
          ImportToken: bytes(input.importToken),
          EncryptedKeyMaterial: bytes(input.encryptedKeyMaterial),
          ...expiration,
          ImportType: 'EXISTING_KEY_MATERIAL',
          KeyMaterialId: material.id,
          ...(material.description !== undefined ? { KeyMaterialDescription: material.description } : {}),
        }),
      ),
    );
  }

  /** Imports new material for a rotation: it waits as PENDING_ROTATION until {@link KmsImports.rotate}. */
  async importNew(input: ImportInput & { source: MaterialSource }): Promise<string | undefined> {
    const expiration = expirationOf(input.expirationTime, this.#o.clock.now());
    const out = await this.#o.caller.call(AwsOperation.ImportKeyMaterial, () =>
      this.#o.kms.send(
        new ImportKeyMaterialCommand({
          KeyId: input.keyId,
          ImportToken: bytes(input.importToken),
          EncryptedKeyMaterial: bytes(input.encryptedKeyMaterial),
          ...expiration,
          ImportType: 'NEW_KEY_MATERIAL',
          KeyMaterialDescription: materialDescription(input.source),
        }),
      ),
    );
    return out.KeyMaterialId;
  }

  /** RotateKeyOnDemand: the pending material becomes CURRENT, the old one NON_CURRENT (decrypt only). */
  async rotate(keyId: string): Promise<void> {
    await this.#o.caller.call(AwsOperation.RotateKeyOnDemand, () => this.#o.kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId })));
  }

  /** Every material of a symmetric key. */
  materials(keyId: string): Promise<KeyMaterial[]> {
    return listMaterials(this.#o.kms, this.#o.caller, keyId);
  }
}

export { KmsImports };
export type { AfterImport, ImportInput, KmsImportsOptions };
