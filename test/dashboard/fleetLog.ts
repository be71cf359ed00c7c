/**
 * A deterministic fleet simulation that writes the functions' JSON log lines (the shapes of lib/renewal/report.ts,
 * summary.ts, runSweep.ts, lib/stages/logStage.ts, lib/middleware/failureEvent.ts) for KEYS keys over SWEEPS
 * timer ticks, and keeps its own tally of what happened (`truth`). The tally comes from the simulation, not from
 * reading the lines, so a test can hold the dashboard's aggregation against it. Also the benchmark's fixture.
 */

const MS_PER_DAY = 86_400_000;
const TTLS_MS = [1, 7, 30, 90].map((d) => d * MS_PER_DAY);
const FAILURE_CODES = ['APIG.0308', 'APIG.0308', 'HTTP.503', 'KMS.0310', 'CSMS.0005', 'BYOK.DEADLINE'] as const;
const THROTTLE_CODE = 'APIG.0308';

interface FleetLogOptions {
  keys: number;
  sweeps: number;
  seed?: number;
  /** First sweep; default 2026-01-01T00:00:00Z. */
  startMs?: number;
  /** Default one hour. */
  everyMs?: number;
  /** Share of keys whose renewals mostly fail (they end up in Pending import). Default 0.02. */
  troubledShare?: number;
  /** Failure chance of one renewal of a healthy key. Default 0.01. */
  failureRate?: number;
  /** Share of keys that are disabled (never renewed). Default 0.01. */
  disabledShare?: number;
  /** Every Nth sweep is killed before its summary (0 = none). Default 0. */
  killEvery?: number;
  /** Adds lines of an event the dashboard does not know and summary fields it does not read. Default true. */
  noise?: boolean;
  alias?: (index: number) => string;
}

interface SimKey {
  keyId: string;
  alias: string;
  ttlMs: number | null;
  leadMs: number;
  expiresMs: number | null;
  state: 'Enabled' | 'PendingImport' | 'Disabled';
  troubled: boolean;
  renewals: number;
  failures: number;
  /** Times the material expired before a renewal got through, and the time spent without it. */
  pendingEpisodes: number;
  pendingMs: number;
  /** When the current episode began (the expiry), if the key is in one. */
  pendingSinceMs: number | null;
}

/** What the simulation did, tallied as it went. */
interface FleetTruth {
  lines: number;
  byEvent: Record<string, number>;
  keys: Map<string, SimKey>;
  sweeps: number;
  unfinishedSweeps: number;
  renewals: number;
  recoveries: number;
  keyFailures: number;
  /** `renewal.attempt_failed` lines per error code. */
  failedTries: Record<string, number>;
  throttled: number;
  /** Times a key's material expired before a renewal got through. */
  pendingEpisodes: number;
  lastSummary: Record<string, unknown> | undefined;
  lastTimeMs: number;
}

/** mulberry32: small, fast, good enough for fixtures. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function uuid(random: () => number): string {
  let hex = '';
  for (let i = 0; i < 32; i++) hex += Math.floor(random() * 16).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const round2 = (n: number): number => Math.round(n * 100) / 100;

class FleetSimulation {
  readonly truth: FleetTruth;
  readonly #options: Required<Omit<FleetLogOptions, 'alias'>> & Pick<FleetLogOptions, 'alias'>;
  readonly #random: () => number;

  constructor(options: FleetLogOptions) {
    this.#options = {
      seed: 1,
      startMs: Date.UTC(2026, 0, 1),
      everyMs: 3_600_000,
      troubledShare: 0.02,
      failureRate: 0.01,
      disabledShare: 0.01,
      killEvery: 0,
      noise: true,
      ...options,
    };
    this.#random = prng(this.#options.seed);
    this.truth = {
      lines: 0,
      byEvent: {},
      keys: new Map(),
      sweeps: 0,
      unfinishedSweeps: 0,
      renewals: 0,
      recoveries: 0,
      keyFailures: 0,
      failedTries: {},
      throttled: 0,
      pendingEpisodes: 0,
      lastSummary: undefined,
      lastTimeMs: 0,
    };
  }

  /** The log, one line at a time (without newlines). */
  *lines(): Generator<string> {
    const o = this.#options;
    const keys = this.#makeKeys();
    for (let sweep = 0; sweep < o.sweeps; sweep++) {
      const t = o.startMs + sweep * o.everyMs;
      const correlationId = uuid(this.#random);
      const line = (offsetMs: number, level: string, event: string, fields: Record<string, unknown>, fn = 'renew-expiring'): string => {
        this.truth.lines += 1;
        this.truth.byEvent[event] = (this.truth.byEvent[event] ?? 0) + 1;
        this.truth.lastTimeMs = Math.max(this.truth.lastTimeMs, t + offsetMs);
        return JSON.stringify({ ts: iso(t + offsetMs), level, event, fn, correlation_id: correlationId, ...fields });
      };
      yield line(0, 'info', 'renewal.start', { targets: 1, mode: 'auto', dry_run: false, concurrency: 4 });
      const killed = o.killEvery > 0 && (sweep + 1) % o.killEvery === 0;
      const tally = { scanned: 0, due: 0, renewed: 0, recovered: 0, failed: 0, skipped: 0, throttled: 0 };
      for (const [index, key] of keys.entries()) {
        if (killed && index >= keys.length / 2) break;
        yield* this.#sweepKey(key, t, index + 1, line, tally);
      }
      if (killed) {
        this.truth.unfinishedSweeps += 1;
        continue;
      }
      if (o.noise && sweep % 50 === 7) yield line(keys.length + 1, 'info', 'renewal.future_metric', { value: 42, nested: { a: [1, 2] } });
      const pending = keys.filter((k) => k.state === 'PendingImport').length;
      const left = keys.filter((k) => k.state === 'Enabled' && k.expiresMs !== null).map((k) => ((k.expiresMs as number) - t) / MS_PER_DAY);
      const summary: Record<string, unknown> = {
        ...tally,
        deferred: 0,
        drift: 0,
        already_renewed: 0,
        dispatched: 0,
        pending_import: pending,
        min_days_left: pending > 0 ? 0 : left.length ? round2(Math.min(...left)) : null,
        duration_ms: 200 + Math.floor(this.#random() * 50 * (tally.due + 1)),
        dry_run: false,
        mode: 'auto',
        targets: 1,
        calls: { 'kms-key': 1, 'kms-import': tally.due * 2, 'kms-crypto': 0, 'kms-tag': 2, csms: tally.due },
        lock: ['acquired'],
        max_gap_ms: null,
        targets_failed: 0,
        ...(o.noise ? { gap_p95_ms: null, future: { field: true } } : {}),
      };
      this.truth.sweeps += 1;
      this.truth.throttled += tally.throttled;
      this.truth.lastSummary = summary;
      const bad = tally.failed > 0 || pending > 0;
      yield line(keys.length + 2, bad ? 'error' : 'info', 'renewal.summary', summary);
    }
  }

  #makeKeys(): SimKey[] {
    const o = this.#options;
    const keys: SimKey[] = [];
    for (let i = 0; i < o.keys; i++) {
      const never = this.#random() < 0.03;
      const ttlMs = never ? null : (TTLS_MS[Math.floor(this.#random() * TTLS_MS.length)] as number);
      const key: SimKey = {
        keyId: uuid(this.#random),
        alias: o.alias ? o.alias(i) : `app-${String(i).padStart(4, '0')}`,
        ttlMs,
        leadMs: ttlMs === null ? 0 : Math.min(ttlMs / 3, 10 * MS_PER_DAY),
        expiresMs: ttlMs === null ? null : o.startMs + Math.floor((0.4 + this.#random() * 0.6) * ttlMs),
        state: this.#random() < o.disabledShare ? 'Disabled' : 'Enabled',
        troubled: this.#random() < o.troubledShare,
        renewals: 0,
        failures: 0,
        pendingEpisodes: 0,
        pendingMs: 0,
        pendingSinceMs: null,
      };
      keys.push(key);
      this.truth.keys.set(key.keyId, key);
    }
    return keys;
  }

  *#sweepKey(
    key: SimKey,
    t: number,
    offsetMs: number,
    line: (offsetMs: number, level: string, event: string, fields: Record<string, unknown>, fn?: string) => string,
    tally: Record<string, number>,
  ): Generator<string> {
    tally['scanned'] = (tally['scanned'] ?? 0) + 1;
    if (key.state === 'Enabled' && key.expiresMs !== null && key.expiresMs <= t) {
      key.state = 'PendingImport';
      key.pendingEpisodes += 1;
      key.pendingSinceMs = key.expiresMs;
      this.truth.pendingEpisodes += 1;
    }
    const daysLeft = key.expiresMs === null ? null : round2((key.expiresMs - t) / MS_PER_DAY);
    const base = { key_id: key.keyId, alias: key.alias, region: 'cn-north-4', state: key.state, expires_at: key.expiresMs === null ? null : iso(key.expiresMs), days_left: daysLeft };
    const action = key.state === 'Disabled' ? 'skip' : key.state === 'PendingImport' ? 'recover' : key.expiresMs !== null && key.expiresMs - t <= key.leadMs ? 'renew' : 'skip';
    if (action === 'skip') {
      tally['skipped'] = (tally['skipped'] ?? 0) + 1;
      yield line(offsetMs, 'info', 'renewal.key', { ...base, action, outcome: 'skipped', reason: 'not due', attempt: 0, duration_ms: 0 });
      return;
    }
    tally['due'] = (tally['due'] ?? 0) + 1;
    const fails = this.#random() < (key.troubled ? 0.9 : this.#options.failureRate);
    if (fails) {
      const code = FAILURE_CODES[Math.floor(this.#random() * FAILURE_CODES.length)] as string;
      const tries = 1 + Math.floor(this.#random() * 3);
      if (code !== 'BYOK.DEADLINE') {
        for (let attempt = 1; attempt <= tries; attempt++) {
          this.truth.failedTries[code] = (this.truth.failedTries[code] ?? 0) + 1;
          if (code === THROTTLE_CODE) tally['throttled'] = (tally['throttled'] ?? 0) + 1;
          yield line(offsetMs, 'warn', 'renewal.attempt_failed', { key_id: key.keyId, attempt, error_code: code, retryable: true });
        }
      }
      key.failures += 1;
      this.truth.keyFailures += 1;
      tally['failed'] = (tally['failed'] ?? 0) + 1;
      yield line(offsetMs, 'error', 'renewal.key', { ...base, action, outcome: 'failed', error_code: code, error_message: 'simulated failure', attempt: tries, duration_ms: 40 * tries, ...(key.state === 'PendingImport' ? { alert: true } : {}) });
      return;
    }
    const newExpiresMs = t + (key.ttlMs as number);
    const outcome = action === 'recover' ? 'recovered' : 'renewed';
    if (outcome === 'recovered') {
      this.truth.recoveries += 1;
      key.pendingMs += t + offsetMs - (key.pendingSinceMs as number);
      key.pendingSinceMs = null;
    } else {
      this.truth.renewals += 1;
    }
    tally[outcome] = (tally[outcome] ?? 0) + 1;
    key.renewals += 1;
    key.state = 'Enabled';
    key.expiresMs = newExpiresMs;
    yield line(offsetMs, 'info', 'renewal.key', { ...base, action, outcome, reason: 'due', attempt: 1, duration_ms: 35, new_expires_at: iso(newExpiresMs), mode_used: 'in-place' });
  }
}

export { FleetSimulation, prng };
export type { FleetLogOptions, FleetTruth, SimKey };
