/**
 * Wires the model into the real SDK clients with aws-sdk-client-mock: every KMSClient, SecretsManagerClient and
 * LambdaClient (however and wherever built, the adapters' own included) answers each command the adapters send
 * from the model's state (`callsFake`). The middleware stack is bypassed: no signing, no network, no SDK retries.
 */
import * as kms from '@aws-sdk/client-kms';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateSecretCommand, DeleteSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsStub } from 'aws-sdk-client-mock';
import { AwsModel } from './AwsModel.js';
import type { AwsModelOptions } from './AwsModel.js';
import { createAlias, decrypt, deleteAlias, encrypt, listAliases, updateAlias } from './kmsAliasCryptoModel.js';
import { deleteImportedKeyMaterial, getParametersForImport, importKeyMaterial, listKeyRotations, rotateKeyOnDemand } from './kmsImportModel.js';
import type { Service } from './modelErrors.js';

// The clients warn once per process that later SDK releases need Node 22 (docs/aws.md#node-20); tests run on 20.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

type Input = Record<string, unknown>;

/** A model and the three mocks serving it; `restore()` gives the clients back. */
interface AttachedModel {
  model: AwsModel;
  kmsMock: AwsStub<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  secretsMock: AwsStub<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  lambdaMock: AwsStub<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  restore(): void;
}

let requests = 0;

/** Serves `command` of `mock` from the model. */
function serve(mock: AwsStub<any, any, any>, model: AwsModel, service: Service, command: unknown, op: string, fn: (input: Input) => Input): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  mock.on(command as never).callsFake(async (input: Input) => {
    const out = model.handle(service, op, input, () => fn(input));
    return { $metadata: { httpStatusCode: 200, requestId: `model-ok-${(requests += 1)}`, attempts: 1, totalRetryDelay: 0 }, ...out };
  });
}

/**
 * A fresh model behind every AWS client of this process (until `restore()`).
 *
 * @example
 * const { model, restore } = attachModel();
 * afterEach(() => restore());
 */
function attachModel(options: AwsModelOptions = {}): AttachedModel {
  const model = new AwsModel(options);
  const k = model.kms;
  const kmsMock = mockClient(kms.KMSClient);
  const table: Array<[unknown, string, (input: Input) => Input]> = [
    [kms.CreateKeyCommand, 'CreateKey', (i) => k.createKey(i)],
    [kms.DescribeKeyCommand, 'DescribeKey', (i) => k.describeKey(i)],
    [kms.ListKeysCommand, 'ListKeys', (i) => k.listKeys(i)],
    [kms.ListResourceTagsCommand, 'ListResourceTags', (i) => k.listResourceTags(i)],
    [kms.TagResourceCommand, 'TagResource', (i) => k.tagResource(i)],
    [kms.UntagResourceCommand, 'UntagResource', (i) => k.untagResource(i)],
    [kms.CreateAliasCommand, 'CreateAlias', (i) => createAlias(k, i)],
    [kms.UpdateAliasCommand, 'UpdateAlias', (i) => updateAlias(k, i)],
    [kms.DeleteAliasCommand, 'DeleteAlias', (i) => deleteAlias(k, i)],
    [kms.ListAliasesCommand, 'ListAliases', (i) => listAliases(k, i)],
    [kms.EnableKeyCommand, 'EnableKey', (i) => k.setEnabled(i, true)],
    [kms.DisableKeyCommand, 'DisableKey', (i) => k.setEnabled(i, false)],
    [kms.ScheduleKeyDeletionCommand, 'ScheduleKeyDeletion', (i) => k.scheduleKeyDeletion(i)],
    [kms.EncryptCommand, 'Encrypt', (i) => encrypt(k, i)],
    [kms.DecryptCommand, 'Decrypt', (i) => decrypt(k, i)],
    [kms.GetParametersForImportCommand, 'GetParametersForImport', (i) => getParametersForImport(k, i)],
    [kms.ImportKeyMaterialCommand, 'ImportKeyMaterial', (i) => importKeyMaterial(k, i)],
    [kms.ListKeyRotationsCommand, 'ListKeyRotations', (i) => listKeyRotations(k, i)],
    [kms.RotateKeyOnDemandCommand, 'RotateKeyOnDemand', (i) => rotateKeyOnDemand(k, i)],
    [kms.DeleteImportedKeyMaterialCommand, 'DeleteImportedKeyMaterial', (i) => deleteImportedKeyMaterial(k, i)],
  ];
  for (const [command, op, fn] of table) serve(kmsMock, model, 'kms', command, op, fn);
  const secretsMock = mockClient(SecretsManagerClient);
  serve(secretsMock, model, 'secretsmanager', CreateSecretCommand, 'CreateSecret', (i) => model.secrets.createSecret(i));
  serve(secretsMock, model, 'secretsmanager', PutSecretValueCommand, 'PutSecretValue', (i) => model.secrets.putSecretValue(i));
  serve(secretsMock, model, 'secretsmanager', GetSecretValueCommand, 'GetSecretValue', (i) => model.secrets.getSecretValue(i));
  serve(secretsMock, model, 'secretsmanager', DeleteSecretCommand, 'DeleteSecret', (i) => model.secrets.deleteSecret(i));
  const lambdaMock = mockClient(LambdaClient);
  serve(lambdaMock, model, 'lambda', InvokeCommand, 'Invoke', (i) => model.lambda.invoke(i));
  return {
    model,
    kmsMock,
    secretsMock,
    lambdaMock,
    restore: () => {
      kmsMock.restore();
      secretsMock.restore();
      lambdaMock.restore();
    },
  };
}

export { attachModel };
export type { AttachedModel };
