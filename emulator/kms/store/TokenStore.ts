/**
 * Import tokens issued by get-parameters-for-import, with the private half of their wrapping key. The private
 * key is erased when the token is used; expired tokens are purged after a retention period.
 */
import type { Database, Statement } from 'better-sqlite3';

interface TokenRow {
  token_id: string;
  key_id: string;
  wrapping_algorithm: string;
  private_key: Buffer | null;
  expires_ms: number;
  used_ms: number | null;
}

class TokenStore {
  readonly #insert: Statement;
  readonly #get: Statement;
  readonly #markUsed: Statement;
  readonly #purge: Statement;

  constructor(db: Database) {
    this.#insert = db.prepare(`INSERT INTO kms_import_tokens (token_id, key_id, wrapping_algorithm, private_key,
      expires_ms) VALUES (@token_id, @key_id, @wrapping_algorithm, @private_key, @expires_ms)`);
    this.#get = db.prepare('SELECT * FROM kms_import_tokens WHERE token_id = ?');
    this.#markUsed = db.prepare('UPDATE kms_import_tokens SET used_ms = ?, private_key = NULL WHERE token_id = ?');
    this.#purge = db.prepare('DELETE FROM kms_import_tokens WHERE expires_ms < ?');
  }

  insert(row: Omit<TokenRow, 'used_ms'>): void {
    this.#insert.run(row);
  }

  get(tokenId: string): TokenRow | undefined {
    return this.#get.get(tokenId) as TokenRow | undefined;
  }

  markUsed(tokenId: string, atMs: number): void {
    this.#markUsed.run(atMs, tokenId);
  }

  /** Deletes tokens that expired before `beforeMs`. */
  purge(beforeMs: number): void {
    this.#purge.run(beforeMs);
  }
}

export { TokenStore };
export type { TokenRow };
