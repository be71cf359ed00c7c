/** All KMS tables over one database, with the statements prepared once per database. */
import { randomBytes } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { AliasStore } from './AliasStore.js';
import { HistoryStore } from './HistoryStore.js';
import { KeyStore } from './KeyStore.js';
import { TagQueryCache } from './TagQueryCache.js';
import { TagStore } from './TagStore.js';
import { TokenStore } from './TokenStore.js';

const TOKEN_SECRET = 'import_token_hmac_secret';

class KmsStore {
  readonly keys: KeyStore;
  readonly history: HistoryStore;
  readonly tokens: TokenStore;
  readonly tags: TagStore;
  readonly aliases: AliasStore;
  readonly tagQueries: TagQueryCache;
  readonly #getMeta: Statement;
  readonly #putMeta: Statement;

  constructor(readonly db: Database) {
    this.keys = new KeyStore(db);
    this.history = new HistoryStore(db);
    this.tokens = new TokenStore(db);
    this.tags = new TagStore(db);
    this.aliases = new AliasStore(db);
    this.tagQueries = new TagQueryCache(db);
    this.#getMeta = db.prepare('SELECT value FROM kms_meta WHERE name = ?').pluck();
    this.#putMeta = db.prepare('INSERT OR IGNORE INTO kms_meta (name, value) VALUES (?, ?)');
  }

  /**
   * The HMAC secret that signs import tokens; created on first use and kept in the data file across restarts.
   * Read every time rather than cached: a control-surface reset may delete it.
   */
  tokenSecret(): Buffer {
    const stored = this.#getMeta.get(TOKEN_SECRET) as Buffer | undefined;
    if (stored) return stored;
    this.#putMeta.run(TOKEN_SECRET, randomBytes(32));
    return this.#getMeta.get(TOKEN_SECRET) as Buffer;
  }
}

export { KmsStore };
