/**
 * Every AWS operation the adapters call: its service, its IAM action, whether the deployed functions call it (their
 * IAM statements grant exactly those, serverless.aws.yml), and its retry class (as lib/huawei/operations.ts):
 *
 * - `idempotent: true`: repeating it cannot do harm, so throttling, 5xx and network failures are retried.
 * - `idempotent: false`: a repeat after an ambiguous failure (timeout, dropped connection, 5xx: the request may
 *   have been applied) could create a second key or alias, replay an import token or invoke a stage twice. Only
 *   throttling (refused before any work) is retried; otherwise the error is `ambiguous` with `ambiguousAdvice`.
 *
 * The SDK clients are built with `maxAttempts: 1` (clients.ts) so this table, not the SDK, decides what is repeated.
 */

/** The AWS services the adapters call. */
const AwsService = { Kms: 'kms', SecretsManager: 'secretsmanager', Lambda: 'lambda' } as const;
type AwsService = (typeof AwsService)[keyof typeof AwsService];

interface AwsOperationSpec {
  /** The API's own name (`ImportKeyMaterial`): errors and logs say it. */
  name: string;
  service: AwsService;
  /** `kms:ImportKeyMaterial`, `lambda:InvokeFunction`. */
  iamAction: string;
  /** The deployed functions call it (so their role may); the rest serve the CLI and the port's other users. */
  usedByFunctions: boolean;
  idempotent: boolean;
  /** For non-idempotent operations: how to find out whether an ambiguous attempt was applied. */
  ambiguousAdvice?: string;
}

const RECHECK_IMPORT =
  'describe the key (and list its key materials) before repeating: if the material is IMPORTED with the requested ' +
  'expiry the call went through; fetch new import parameters before importing again';

function kms(name: string, idempotent: boolean, usedByFunctions: boolean, ambiguousAdvice?: string): AwsOperationSpec {
  return {
    name,
    service: AwsService.Kms,
    iamAction: `kms:${name}`,
    usedByFunctions,
    idempotent,
    ...(ambiguousAdvice !== undefined ? { ambiguousAdvice } : {}),
  };
}

const AwsOperation = {
  CreateKey: kms('CreateKey', false, true, 'look the key up by its byok:name tag before creating it again'),
  DescribeKey: kms('DescribeKey', true, true),
  ListKeys: kms('ListKeys', true, true),
  ListResourceTags: kms('ListResourceTags', true, true),
  TagResource: kms('TagResource', true, true),
  UntagResource: kms('UntagResource', true, true),
  CreateAlias: kms('CreateAlias', false, true, 'describe the alias before creating it again'),
  UpdateAlias: kms('UpdateAlias', true, true),
  DeleteAlias: kms('DeleteAlias', true, true),
  ListAliases: kms('ListAliases', true, true),
  GetParametersForImport: kms('GetParametersForImport', true, true),
  ImportKeyMaterial: kms('ImportKeyMaterial', false, true, RECHECK_IMPORT),
  ListKeyRotations: kms('ListKeyRotations', true, true),
  RotateKeyOnDemand: kms('RotateKeyOnDemand', false, true, 'list the key materials (ListKeyRotations) before rotating again'),
  Encrypt: kms('Encrypt', true, true),
  Decrypt: kms('Decrypt', true, true),
  EnableKey: kms('EnableKey', true, false),
  DisableKey: kms('DisableKey', true, false),
  ScheduleKeyDeletion: kms('ScheduleKeyDeletion', true, false),
  GetSecretValue: {
    name: 'GetSecretValue',
    service: AwsService.SecretsManager,
    iamAction: 'secretsmanager:GetSecretValue',
    usedByFunctions: true,
    idempotent: true,
  },
  Invoke: {
    name: 'Invoke',
    service: AwsService.Lambda,
    iamAction: 'lambda:InvokeFunction',
    usedByFunctions: true,
    idempotent: false,
    ambiguousAdvice: 'the next stage may have been invoked: check its logs for this correlation id before invoking it again',
  },
} as const satisfies Record<string, AwsOperationSpec>;
type AwsOperationName = keyof typeof AwsOperation;

/**
 * The IAM actions the deployed functions need, sorted: what serverless.aws.yml grants, no more.
 *
 * @example
 * functionIamActions().includes('kms:ImportKeyMaterial') // true
 */
function functionIamActions(): string[] {
  return Object.values(AwsOperation as Record<string, AwsOperationSpec>)
    .filter((op) => op.usedByFunctions)
    .map((op) => op.iamAction)
    .sort();
}

export { AwsOperation, AwsService, functionIamActions };
export type { AwsOperationName, AwsOperationSpec };
