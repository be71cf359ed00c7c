/**
 * Huawei Cloud CSMS (secrets, v1 API) on the same transport and host as KMS
 * (docs/huawei-api.md#csms-secrets-and-versions). Secret values come back as {@link SecretValue}s.
 */
import type { Secret, SecretVersion, SecretVersionMetadata, SecretVersionPage } from './csmsTypes.js';
import { revealSecret } from '../domain/SecretValue.js';
import type { SecretValue } from '../domain/SecretValue.js';
import { toSecret, toSecretVersion, toVersionMetadata } from './csmsMappers.js';
import { clientError } from './errorMapping.js';
import { HuaweiTransport } from './HuaweiTransport.js';
import type { HuaweiTransportOptions } from './HuaweiTransport.js';
import { compact } from './kmsMappers.js';
import { asRecord, optRecord, optStr, recordList, toEpochSeconds } from './normalise.js';
import { CsmsOperation as Op } from './operations.js';

/** Either a shared transport or the options to build one, never both. */
type CsmsClientOptions = { transport: HuaweiTransport } | (HuaweiTransportOptions & { transport?: never });

/** Exactly one of the two values. `secretBinary` is base64 text, as the API wants. */
type SecretPayload =
  | { secretString: SecretValue | string; secretBinary?: never }
  | { secretBinary: SecretValue | string; secretString?: never };

type CreateSecretInput = SecretPayload & {
  name: string;
  kmsKeyId?: string;
  description?: string;
  secretType?: string;
  eventSubscriptions?: string[];
};

type CreateSecretVersionInput = SecretPayload & {
  versionStages?: string[];
  /** Sent as epoch seconds; drives CSMS's SECRET_VERSION_EXPIRED event. */
  expireTime?: Date;
};

const MAX_PAGES = 10_000;

function payload(input: SecretPayload): Record<string, string | undefined> {
  return {
    secret_string: input.secretString === undefined ? undefined : revealSecret(input.secretString),
    secret_binary: input.secretBinary === undefined ? undefined : revealSecret(input.secretBinary),
  };
}

/** Calls CSMS. Results are domain values; failures are `CloudApiError`s. */
class CsmsClient {
  readonly #transport: HuaweiTransport;

  constructor(options: CsmsClientOptions) {
    this.#transport = options.transport ?? new HuaweiTransport(options as HuaweiTransportOptions);
  }

  /** create secret. Not retried after an ambiguous failure: check with showSecret first. */
  createSecret(input: CreateSecretInput): Promise<Secret> {
    const body = {
      name: input.name,
      ...payload(input),
      kms_key_id: input.kmsKeyId,
      description: input.description,
      secret_type: input.secretType,
      event_subscriptions: input.eventSubscriptions,
    };
    return this.#transport.call(Op.createSecret, { body }, (raw) => toSecret(asRecord(asRecord(raw, 'body')['secret'], 'secret')));
  }

  /** show secret (metadata only, no value). */
  showSecret(name: string): Promise<Secret> {
    return this.#transport.call(Op.showSecret, { pathParams: { secret_name: name } }, (raw) =>
      toSecret(asRecord(asRecord(raw, 'body')['secret'], 'secret')),
    );
  }

  /** create version: takes SYSCURRENT by default. Not retried after an ambiguous failure. */
  createSecretVersion(name: string, input: CreateSecretVersionInput): Promise<SecretVersionMetadata> {
    const body = {
      ...payload(input),
      version_stages: input.versionStages,
      expire_time: input.expireTime === undefined ? undefined : toEpochSeconds(input.expireTime),
    };
    return this.#transport.call(Op.createSecretVersion, { pathParams: { secret_name: name }, body }, (raw) =>
      toVersionMetadata(asRecord(asRecord(raw, 'body')['version_metadata'], 'version_metadata')),
    );
  }

  /** show version with its value; `versionId` is `v1`, `v2`, ... or `latest`. */
  showSecretVersion(name: string, versionId: string): Promise<SecretVersion> {
    return this.#transport.call(
      Op.showSecretVersion,
      { pathParams: { secret_name: name, version_id: versionId } },
      (raw) => toSecretVersion(asRecord(raw, 'body')),
    );
  }

  /** One page of version metadata. */
  listSecretVersionsPage(name: string, page: { limit?: number; marker?: string } = {}): Promise<SecretVersionPage> {
    const query = { limit: page.limit === undefined ? undefined : String(page.limit), marker: page.marker };
    return this.#transport.call(Op.listSecretVersions, { pathParams: { secret_name: name }, query }, (raw) => {
      const body = asRecord(raw, 'body');
      return compact<SecretVersionPage>({
        versions: recordList(body['version_metadatas'], 'version_metadatas').map((v, i) => toVersionMetadata(v, `version_metadatas[${i}]`)),
        nextMarker: optStr(optRecord(body['page_info'])?.['next_marker']),
      });
    });
  }

  /** Every version's metadata, following `page_info.next_marker`. */
  async listSecretVersions(name: string): Promise<SecretVersionMetadata[]> {
    const all: SecretVersionMetadata[] = [];
    const seen = new Set<string>();
    let marker: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.listSecretVersionsPage(name, marker === undefined ? {} : { marker });
      all.push(...result.versions);
      if (result.nextMarker === undefined) break;
      if (seen.has(result.nextMarker)) throw clientError(Op.listSecretVersions, 'BadResponse', 'next_marker repeats a previous page');
      seen.add(result.nextMarker);
      marker = result.nextMarker;
    }
    return all;
  }
}

export { CsmsClient };
export type { CreateSecretInput, CreateSecretVersionInput, CsmsClientOptions, SecretPayload };
