/**
 * The demo fleet `npm start` seeds on its first run: a dozen keys whose material sits in CSMS (raw bytes, hex and
 * base64), material lifetimes from hours to weeks, and one key whose material lapses while the timer is paused,
 * so the deployed timer has a key in Pending import to recover on its first tick.
 */

/** How a secret holds its 32 bytes of material. */
type MaterialEncoding = 'binary' | 'hex' | 'base64';

interface FleetKey {
  /** The KMS alias, also the CSMS secret's name. */
  alias: string;
  /** The material's lifetime (`byok:ttl`). */
  ttl: string;
  encoding: MaterialEncoding;
}

interface Fleet {
  keys: readonly FleetKey[];
  /** The alias whose material is let lapse after onboarding (it must be one of `keys`). */
  lapsed: string;
}

/**
 * Lifetimes of 6 h and more: the timer runs hourly and a key is due a third of its lifetime before expiry, so
 * every key gets at least two ticks to be renewed in. The lapsed key has the shortest, so the others outlive the
 * pause that lets it lapse.
 */
const DEMO_FLEET: Fleet = {
  keys: [
    { alias: 'demo-legacy', ttl: '6h', encoding: 'binary' },
    { alias: 'demo-sessions', ttl: '12h', encoding: 'hex' },
    { alias: 'demo-payments', ttl: '18h', encoding: 'base64' },
    { alias: 'demo-orders', ttl: '1d', encoding: 'binary' },
    { alias: 'demo-tokens', ttl: '2d', encoding: 'hex' },
    { alias: 'demo-search', ttl: '3d', encoding: 'base64' },
    { alias: 'demo-invoices', ttl: '5d', encoding: 'binary' },
    { alias: 'demo-reports', ttl: '7d', encoding: 'hex' },
    { alias: 'demo-audit', ttl: '10d', encoding: 'base64' },
    { alias: 'demo-ledger', ttl: '14d', encoding: 'binary' },
    { alias: 'demo-backups', ttl: '21d', encoding: 'hex' },
    { alias: 'demo-archive', ttl: '30d', encoding: 'base64' },
  ],
  lapsed: 'demo-legacy',
};

export { DEMO_FLEET };
export type { Fleet, FleetKey, MaterialEncoding };
