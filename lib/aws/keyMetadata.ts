/**
 * AWS KMS values in the domain's words: key states, key specs, origins, ARNs. The domain speaks of AES_256 material
 * (32 bytes, lib/crypto); on AWS that is a SYMMETRIC_DEFAULT key.
 */
import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { KeyInfo } from '../domain/KeyInfo.js';
import { KeyState } from '../domain/KeyState.js';

/** The domain's key spec of 32-byte symmetric material and AWS's name for it. */
const DOMAIN_AES_256 = 'AES_256';
const AWS_SYMMETRIC = 'SYMMETRIC_DEFAULT';

const STATES: Readonly<Record<string, KeyState>> = {
  Creating: KeyState.PendingActivation,
  Enabled: KeyState.Enabled,
  Disabled: KeyState.Disabled,
  PendingDeletion: KeyState.PendingDeletion,
  PendingReplicaDeletion: KeyState.PendingDeletion,
  PendingImport: KeyState.PendingImport,
};

/** The AWS key spec for a domain key spec (`AES_256` → `SYMMETRIC_DEFAULT`); others pass through. */
function awsKeySpec(domainSpec: string): string {
  return domainSpec === DOMAIN_AES_256 ? AWS_SYMMETRIC : domainSpec;
}

/** The domain key spec for an AWS key spec (`SYMMETRIC_DEFAULT` → `AES_256`); others pass through. */
function domainKeySpec(awsSpec: string): string {
  return awsSpec === AWS_SYMMETRIC ? DOMAIN_AES_256 : awsSpec;
}

/** True for a key that can hold several materials (ImportType, KeyMaterialId, ListKeyRotations apply). */
function isSymmetric(metadata: Pick<KeyMetadata, 'KeySpec'>): boolean {
  return (metadata.KeySpec ?? AWS_SYMMETRIC) === AWS_SYMMETRIC;
}

/**
 * The key id of a key ARN (`arn:aws:kms:eu-west-1:111122223333:key/<id>` → `<id>`); an id passes through.
 *
 * @example
 * keyIdOf('arn:aws:kms:eu-west-1:111122223333:key/0d4b…') // '0d4b…'
 */
function keyIdOf(arnOrId: string): string {
  const at = arnOrId.lastIndexOf(':key/');
  return at >= 0 ? arnOrId.slice(at + 5) : arnOrId;
}

/** The region of a key ARN, if it is one. */
function regionOf(arn: string | undefined): string | undefined {
  const parts = arn?.split(':');
  return parts !== undefined && parts.length >= 6 && parts[0] === 'arn' && parts[3] ? parts[3] : undefined;
}

/**
 * The neutral view of DescribeKey's metadata; `name` comes from the key's `byok:name` tag when the caller has it.
 *
 * @example
 * toKeyInfo((await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!).keyState // 'PendingImport'
 */
function toKeyInfo(metadata: KeyMetadata, name?: string): KeyInfo {
  const info: KeyInfo = {
    keyId: metadata.KeyId ?? keyIdOf(metadata.Arn ?? ''),
    keyState: STATES[metadata.KeyState ?? ''] ?? KeyState.Unknown,
  };
  const region = regionOf(metadata.Arn);
  if (name !== undefined) info.name = name;
  if (region !== undefined) info.region = region;
  if (metadata.KeySpec !== undefined) info.keySpec = domainKeySpec(metadata.KeySpec);
  if (metadata.KeyUsage !== undefined) info.keyUsage = metadata.KeyUsage;
  if (metadata.Description) info.description = metadata.Description;
  if (metadata.CreationDate !== undefined) info.creationDate = metadata.CreationDate;
  if (metadata.DeletionDate !== undefined) info.scheduledDeletionDate = metadata.DeletionDate;
  // ValidTo is the earliest expiry over every material permanently associated with the key (docs/aws.md#materials).
  if (metadata.ValidTo !== undefined) info.expirationTime = metadata.ValidTo;
  if (metadata.Origin !== undefined) info.origin = metadata.Origin === 'EXTERNAL' ? 'external' : metadata.Origin === 'AWS_KMS' ? 'kms' : metadata.Origin.toLowerCase();
  return info;
}

export { awsKeySpec, domainKeySpec, isSymmetric, keyIdOf, regionOf, toKeyInfo };
