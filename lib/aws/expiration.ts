/**
 * The expiry of an import on AWS: ImportKeyMaterial's ExpirationModel and ValidTo. AWS accepts a ValidTo at most
 * 365 days after the request (docs/aws.md#the-365-day-cap), so a managed key's `byok:ttl` may not be longer there:
 * that is a configuration error, refused before anything is created or sent.
 */
import { ConfigError } from '../errors/index.js';
import { TagKey } from '../tags.js';
import { parseTtl } from '../ttl.js';

/** The longest material lifetime AWS accepts. */
const MAX_VALID_DAYS = 365;
const MS_PER_DAY = 86_400_000;

/** ImportKeyMaterial's expiry fields. */
type Expiration =
  | { ExpirationModel: 'KEY_MATERIAL_EXPIRES'; ValidTo: Date }
  | { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' };

function tooLong(): ConfigError {
  return new ConfigError(
    `a material lifetime over ${MAX_VALID_DAYS} days cannot be imported on AWS (ImportKeyMaterial's ValidTo is at most ` +
      `${MAX_VALID_DAYS} days ahead); set ${TagKey.Ttl} to ${MAX_VALID_DAYS}d or less, or to never`,
    [TagKey.Ttl],
  );
}

/**
 * The expiry fields for an import at `now`; `undefined` = the material never expires.
 *
 * @throws {ConfigError} when `expiresAt` is more than 365 days after `now`
 * @example
 * expirationOf(new Date(now + 30 * 86_400_000), new Date(now)) // { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo }
 */
function expirationOf(expiresAt: Date | undefined, now: Date): Expiration {
  if (expiresAt === undefined) return { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' };
  if (expiresAt.getTime() - now.getTime() > MAX_VALID_DAYS * MS_PER_DAY) throw tooLong();
  return { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: expiresAt };
}

/**
 * Refuses a `byok:ttl` AWS cannot honour (before a key is created for it). Malformed ttls are left to the domain,
 * which names them itself.
 *
 * @throws {ConfigError} for a ttl over 365 days
 * @example
 * checkTtlForAws('400d') // throws
 */
function checkTtlForAws(ttl: string | undefined): void {
  if (ttl === undefined) return;
  let seconds: number | null;
  try {
    seconds = parseTtl(ttl).seconds;
  } catch {
    return;
  }
  if (seconds !== null && seconds * 1000 > MAX_VALID_DAYS * MS_PER_DAY) throw tooLong();
}

export { MAX_VALID_DAYS, checkTtlForAws, expirationOf };
export type { Expiration };
