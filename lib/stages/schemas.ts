/**
 * Valibot schemas of the stage events (valibot: small, tree-shakable, typed output, and issues carry a path, so
 * a bad event is refused with the field named and never echoed; see lib/middleware/validateEvent.ts). Objects
 * are `v.object`: unknown fields are dropped, so an extra field never travels further down the chain.
 */
import * as v from 'valibot';
import type { InferOutput } from 'valibot';
import { WrappingAlgorithm } from '../domain/ImportParameters.js';
import { TagLimits } from '../tags.js';
import { TTL_HINT, isTtl } from '../ttl.js';

const KEY_ID = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[0-9A-Za-z+/=]+$/;
/** The user-facing alias, without `alias/`; it is also a tag value and part of the key's name. */
const ALIAS = /^[A-Za-z0-9_-]{1,43}$/;
/** CSMS secret names are `^[a-zA-Z0-9_-]{1,64}$`; ours also go into a tag value (<= 43). */
const SECRET_NAME = /^[A-Za-z0-9_-]{1,43}$/;
/** `latest` or a version id such as `v3`. */
const VERSION = /^[A-Za-z0-9_-]{1,43}$/;
const IMPORT_TOKEN_HINT = 'the import token of get-parameters-for-import (base64, 200 to 8192 characters)';
const WRAPPED_HINT = 'the wrapped material (base64 of one RSA-2048 to RSA-4096 block, 344 to 684 characters)';
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Key specs whose material is 32 bytes (the only material the stages import). */
const SupportedKeySpec = { Aes256: 'AES_256' } as const;

const keyId = v.pipe(v.string('a KMS key id'), v.regex(KEY_ID, 'a KMS key id (lowercase UUID)'));
const correlationId = v.optional(v.pipe(v.string('a UUID'), v.regex(UUID, 'a UUID')));
const refetch = v.optional(v.pipe(v.number('0 or 1'), v.integer('0 or 1'), v.minValue(0, '0 or 1'), v.maxValue(1, '0 or 1')), 0);
const isoInstant = v.pipe(
  v.string('an ISO-8601 UTC instant'),
  v.regex(ISO_INSTANT, 'an ISO-8601 UTC instant such as 2030-01-01T00:00:00.000Z'),
  v.check((text) => !Number.isNaN(Date.parse(text)), 'an ISO-8601 UTC instant such as 2030-01-01T00:00:00.000Z'),
);
const importToken = v.pipe(
  v.string('the import token of get-parameters-for-import'),
  v.minLength(200, IMPORT_TOKEN_HINT),
  // AWS documents tokens of up to 6,144 bytes: 8,192 base64 characters.
  v.maxLength(8192, IMPORT_TOKEN_HINT),
  v.regex(BASE64, IMPORT_TOKEN_HINT),
);

/** create-key: a new managed key for a secret version. */
const CreateKeyEvent = v.object({
  alias: v.pipe(
    v.string('the alias name'),
    v.regex(ALIAS, `1 to ${TagLimits.valueChars} of A-Z a-z 0-9 _ - (the name without "alias/")`),
  ),
  description: v.optional(v.pipe(v.string('a description'), v.maxLength(255, 'at most 255 characters'))),
  secret: v.object(
    {
      name: v.pipe(
        v.string('the CSMS secret name'),
        v.regex(SECRET_NAME, `1 to ${TagLimits.valueChars} of A-Z a-z 0-9 _ - (the name goes into a KMS tag)`),
      ),
      version: v.optional(
        v.pipe(v.string('a version id or "latest"'), v.regex(VERSION, 'a version id such as v1, or "latest"')),
      ),
    },
    'an object {name, version?}',
  ),
  ttl: v.optional(v.pipe(v.string(TTL_HINT), v.check(isTtl, TTL_HINT))),
  key_spec: v.optional(v.picklist(Object.values(SupportedKeySpec), 'AES_256 (the only spec imported from 32 bytes)')),
  correlation_id: correlationId,
});
type CreateKeyEvent = InferOutput<typeof CreateKeyEvent>;

/** fetch-parameters: fresh import parameters for a managed key. */
const FetchParametersEvent = v.object({
  key_id: keyId,
  correlation_id: correlationId,
  /** How many times the chain already went back for new parameters (KMS.2601/2605). */
  refetch,
});
type FetchParametersEvent = InferOutput<typeof FetchParametersEvent>;

/** wrap-material: wrap the pinned secret version with the wrapping key. */
const WrapMaterialEvent = v.object({
  key_id: keyId,
  import_token: importToken,
  public_key: v.pipe(
    v.string('the base64 DER public key of get-parameters-for-import'),
    v.maxLength(4096, 'the base64 DER public key of get-parameters-for-import'),
    v.regex(BASE64, 'the base64 DER public key of get-parameters-for-import'),
  ),
  params_expire_at: isoInstant,
  wrapping_algorithm: v.picklist(
    Object.values(WrappingAlgorithm),
    `one of ${Object.values(WrappingAlgorithm).join(', ')}`,
  ),
  correlation_id: correlationId,
  refetch,
});
type WrapMaterialEvent = InferOutput<typeof WrapMaterialEvent>;

/** import-material: import the wrapped material and verify the key. */
const ImportMaterialEvent = v.object({
  key_id: keyId,
  import_token: importToken,
  encrypted_key_material: v.pipe(
    v.string(WRAPPED_HINT),
    // One RSA-OAEP block of the wrapping key: 344 base64 characters for RSA-2048, 512 for 3072, 684 for 4096.
    v.regex(/^[0-9A-Za-z+/=]{344,684}$/, WRAPPED_HINT),
  ),
  /** The expiry to request; `null` = the material never expires. */
  expiration_time: v.nullable(isoInstant),
  fingerprint: v.pipe(v.string('a material fingerprint'), v.regex(/^fp1-[0-9a-f]{32}$/, 'a material fingerprint (fp1-…)')),
  correlation_id: correlationId,
  refetch,
});
type ImportMaterialEvent = InferOutput<typeof ImportMaterialEvent>;

export { CreateKeyEvent, FetchParametersEvent, ImportMaterialEvent, SupportedKeySpec, WrapMaterialEvent };
