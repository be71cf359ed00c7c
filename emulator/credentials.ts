/**
 * The emulated account: region, domain id, project id and one permanent AK/SK, generated on
 * first start and kept in `meta`; plus temporary AK/SK/security-token triples issued through
 * the control surface (IAM-like), valid until `expires_at` on the emulator's clock.
 */
import type { Database } from 'better-sqlite3';
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { MetaStore } from './store.js';

/** The account every request is checked against. */
interface Identity {
  region: string;
  domainId: string;
  projectId: string;
  ak: string;
  sk: string;
}

/** What `POST /_emulator/credentials/temporary` returns, IAM's field names. */
interface TemporaryCredential {
  access: string;
  secret: string;
  securitytoken: string;
  expires_at: string;
}

/** Who signed a request: the permanent key, or a temporary one (which needs its token). */
type Signer =
  | { kind: 'permanent'; secretKey: string }
  | { kind: 'temporary'; secretKey: string; securityToken: string; expiresAtMs: number };

const DEFAULT_REGION = 'cn-north-4';
const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;
/** IAM's bounds for temporary credentials (securitytokens API): 15 min to 24 h, default 15 min. */
const TEMPORARY_DURATION_SECONDS = { min: 900, max: 86_400, default: 900 } as const;

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MIXED_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Thrown when a data file belongs to another region than the one asked for. */
class IdentityMismatchError extends Error {
  override readonly name = 'IdentityMismatchError';
}

/**
 * Loads the identity from `meta`, generating it on first start. `region` applies only to a new
 * file; asking an existing file for another region is an error rather than a silent surprise.
 */
function loadOrCreateIdentity(meta: MetaStore, region?: string): Identity {
  if (region !== undefined && !REGION_PATTERN.test(region)) {
    throw new IdentityMismatchError(`invalid region "${region}" (expected e.g. cn-north-4)`);
  }
  const stored = meta.get('identity');
  if (stored !== undefined) {
    const identity = JSON.parse(stored) as Identity;
    if (region !== undefined && region !== identity.region) {
      throw new IdentityMismatchError(`the data file belongs to region ${identity.region}, not ${region}`);
    }
    return identity;
  }
  const identity: Identity = {
    region: region ?? DEFAULT_REGION,
    domainId: randomBytes(16).toString('hex'),
    projectId: randomBytes(16).toString('hex'),
    ak: randomString(UPPER_ALNUM, 20),
    sk: randomString(MIXED_ALNUM, 40),
  };
  meta.set('identity', JSON.stringify(identity));
  return identity;
}

/** Resolves access keys to signers and issues temporary credentials. */
class CredentialStore {
  readonly identity: Identity;
  readonly #find;
  readonly #insert;
  readonly #purge;

  constructor(db: Database, identity: Identity) {
    this.identity = identity;
    this.#find = db.prepare<[string], { secret: string; security_token: string; expires_at_ms: number }>(
      'SELECT secret, security_token, expires_at_ms FROM temporary_credentials WHERE access = ?',
    );
    this.#insert = db.prepare<[string, string, string, number, number]>(
      'INSERT INTO temporary_credentials (access, secret, security_token, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)',
    );
    this.#purge = db.prepare<[number]>('DELETE FROM temporary_credentials WHERE expires_at_ms < ?');
  }

  /** The signer behind an AK, or `undefined` for an unknown AK. */
  signerFor(accessKey: string): Signer | undefined {
    if (accessKey === this.identity.ak) return { kind: 'permanent', secretKey: this.identity.sk };
    const row = this.#find.get(accessKey);
    if (row === undefined) return undefined;
    return { kind: 'temporary', secretKey: row.secret, securityToken: row.security_token, expiresAtMs: row.expires_at_ms };
  }

  /** Issues a temporary credential valid for `durationSeconds` from `now`. Call inside a transaction. */
  issueTemporary(now: Date, durationSeconds: number): TemporaryCredential {
    // Long-expired rows serve no one; a day of grace keeps "expired" distinguishable from "unknown".
    this.#purge.run(now.getTime() - 86_400_000);
    const access = randomString(UPPER_ALNUM, 20);
    const secret = randomString(MIXED_ALNUM, 40);
    const securitytoken = randomBytes(96).toString('base64');
    const expiresAtMs = now.getTime() + durationSeconds * 1000;
    this.#insert.run(access, secret, securitytoken, now.getTime(), expiresAtMs);
    return { access, secret, securitytoken, expires_at: new Date(expiresAtMs).toISOString() };
  }
}

/** Constant-time string equality for tokens. */
function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export {
  CredentialStore,
  DEFAULT_REGION,
  IdentityMismatchError,
  TEMPORARY_DURATION_SECONDS,
  loadOrCreateIdentity,
  sameSecret,
};
export type { Identity, Signer, TemporaryCredential };
