/**
 * The model's Secrets Manager: secrets with versions (ids are UUIDs, as the SDK's client tokens), the AWSCURRENT
 * and AWSPREVIOUS stages moved by each new value, SecretString or SecretBinary, and deletion.
 */
import { randomUUID } from 'node:crypto';
import type { AwsModel } from './AwsModel.js';
import { smError } from './modelErrors.js';

type Input = Record<string, unknown>;

interface ModelVersion {
  id: string;
  string: string | undefined;
  binary: Buffer | undefined;
  stages: Set<string>;
  created: Date;
}

interface ModelSecret {
  name: string;
  arn: string;
  versions: ModelVersion[];
  deleted: boolean;
}

class SecretsModel {
  readonly secrets = new Map<string, ModelSecret>();
  readonly #model: AwsModel;

  constructor(model: AwsModel) {
    this.#model = model;
  }

  createSecret(input: Input): Input {
    const name = input['Name'];
    if (typeof name !== 'string' || !/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) throw smError('InvalidParameterException', 'the name is not valid');
    if (this.secrets.has(name)) throw smError('ResourceExistsException', 'the secret exists');
    const secret: ModelSecret = { name, arn: `arn:aws:secretsmanager:${this.#model.region}:${this.#model.account}:secret:${name}-AbCdEf`, versions: [], deleted: false };
    this.secrets.set(name, secret);
    const version = this.#addVersion(secret, input);
    return { ARN: secret.arn, Name: name, VersionId: version?.id };
  }

  putSecretValue(input: Input): Input {
    const secret = this.#find(input['SecretId']);
    const version = this.#addVersion(secret, input);
    return { ARN: secret.arn, Name: secret.name, VersionId: version?.id, VersionStages: [...(version?.stages ?? [])] };
  }

  getSecretValue(input: Input): Input {
    const secret = this.#find(input['SecretId']);
    const byId = input['VersionId'] as string | undefined;
    const stage = (input['VersionStage'] as string | undefined) ?? (byId === undefined ? 'AWSCURRENT' : undefined);
    const version = secret.versions.find((v) => (byId === undefined || v.id === byId) && (stage === undefined || v.stages.has(stage)));
    if (version === undefined) throw smError('ResourceNotFoundException', "Secrets Manager can't find the specified secret value");
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.id,
      ...(version.string !== undefined ? { SecretString: version.string } : {}),
      ...(version.binary !== undefined ? { SecretBinary: new Uint8Array(version.binary) } : {}),
      VersionStages: [...version.stages],
      CreatedDate: version.created,
    };
  }

  deleteSecret(input: Input): Input {
    const secret = this.#find(input['SecretId']);
    secret.deleted = true;
    return { ARN: secret.arn, Name: secret.name };
  }

  #find(id: unknown): ModelSecret {
    const secret = typeof id === 'string' ? (this.secrets.get(id) ?? [...this.secrets.values()].find((s) => s.arn === id)) : undefined;
    if (secret === undefined) throw smError('ResourceNotFoundException', "Secrets Manager can't find the specified secret");
    if (secret.deleted) throw smError('InvalidRequestException', 'the secret is marked for deletion');
    return secret;
  }

  #addVersion(secret: ModelSecret, input: Input): ModelVersion | undefined {
    const string = input['SecretString'] as string | undefined;
    const binary = input['SecretBinary'] as Uint8Array | undefined;
    if (string === undefined && binary === undefined) return undefined;
    const id = (input['ClientRequestToken'] as string | undefined) ?? randomUUID();
    const existing = secret.versions.find((v) => v.id === id);
    if (existing !== undefined) return existing;
    for (const v of secret.versions) {
      v.stages.delete('AWSPREVIOUS');
      if (v.stages.delete('AWSCURRENT')) v.stages.add('AWSPREVIOUS');
    }
    const version: ModelVersion = { id, string, binary: binary === undefined ? undefined : Buffer.from(binary), stages: new Set(['AWSCURRENT']), created: this.#model.now() };
    secret.versions.push(version);
    return version;
  }
}

export { SecretsModel };
