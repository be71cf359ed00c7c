/**
 * The sweep's options, as JSON in the TIMER event's `user_event` (or from `byok renew` flags), checked with
 * valibot (the schema library of the stage events): an unknown or malformed field is refused with its path named
 * and nothing is done. Field names are snake_case on the wire; {@link RenewalOptions} is the parsed, defaulted form.
 */
import * as v from 'valibot';
import type { InferInput } from 'valibot';
import { ByokError, describeIssues, listIssues } from '../errors/index.js';
import type { EventIssue } from '../errors/index.js';
import { TtlError, parseTtl } from '../ttl.js';
import { ApiGroup, DEFAULT_RPS, RenewalMode } from './constants.js';
import { WINDOW_HINT, parseWindow } from './windows.js';
import type { MaintenanceWindow } from './windows.js';

/** One region/project to sweep; the client's own when `project_id` is omitted. */
interface RenewalTargetSpec {
  region: string;
  projectId?: string;
}

/** Fan-out: above `threshold` due keys, hand each key to an async invocation, `batch` at a time. */
interface FanoutOptions {
  threshold: number;
  batch: number;
  /** Pause between batches. */
  intervalMs: number;
}

/** Where a continuation resumes: the first target's pass and query position, and how many hand-ons came before. */
interface ResumeOptions {
  phase: 'recover' | 'renew';
  skip: number;
  hop: number;
}

/** Parsed options of one sweep; every field has its default filled in. */
interface RenewalOptions {
  /** `undefined`: the one target the client is configured for. */
  targets: RenewalTargetSpec[] | undefined;
  /** `undefined`: per key, a third of its ttl, at most 10 days. */
  leadMs: number | undefined;
  mode: RenewalMode;
  dryRun: boolean;
  /** At most this many keys are renewed or recovered per sweep; the rest are deferred. */
  maxKeys: number | undefined;
  concurrency: number;
  /** Client-side requests per second per API group. */
  rps: Record<ApiGroup, number>;
  /** Encrypt/decrypt probe after each import (2 extra calls per key). */
  verifyProbe: boolean;
  /**
   * Tries per key within one sweep (the client retries each call on its own, see PortGate.ts); a key without
   * material gets `SweepTuning.rescueAttempts` more.
   */
  keyAttempts: number;
  /** Take the sweep lock so overlapping sweeps do not renew the same keys (see SweepLock.ts). */
  lock: boolean;
  /** A lock older than this is stale (its holder died); the holder stops starting keys before it. */
  lockTtlMs: number;
  /** How long to wait for a busy lock before deferring every due key. */
  lockWaitMs: number;
  fanout: FanoutOptions | undefined;
  /** Maintenance windows: delete-first renewals start only inside one; `undefined` = any time. */
  windows: MaintenanceWindow[] | undefined;
  /** With several targets and a way to invoke itself: one invocation per target instead of all in this one. */
  perTarget: boolean;
  /** This invocation continues a sweep another one handed on. */
  resume: ResumeOptions | undefined;
  /** The options as written (validated), for the events a sweep hands on. */
  raw: RawRenewalOptions;
}

const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,3}$/;
const PROJECT_ID = /^[0-9a-f]{32}$/;
const RPS_FIELDS = { kms_key: ApiGroup.KmsKey, kms_import: ApiGroup.KmsImport, kms_crypto: ApiGroup.KmsCrypto, kms_tag: ApiGroup.KmsTag, csms: ApiGroup.Csms } as const;

// Messages quoting a bound fall back to valibot's `expected >=1` when the bad value's digits occur in them
// (describeIssues never echoes input); both read clearly.
const int = (min: number, max: number) => {
  const hint = `an integer from ${min} to ${max}`;
  return v.pipe(v.number(hint), v.integer(hint), v.minValue(min, hint), v.maxValue(max, hint));
};
const rate = v.pipe(v.number('requests per second, a number from 0.1 to 10000'), v.minValue(0.1, 'requests per second, a number from 0.1 to 10000'), v.maxValue(10_000, 'requests per second, a number from 0.1 to 10000'));
const LEAD_HINT = 'a duration such as 10d or 36h (1h to 3650d)';
const windowText = v.pipe(v.string(WINDOW_HINT), v.check((text) => parseWindow(text) !== undefined, WINDOW_HINT));

/** Lead as milliseconds; `never` is not a lead. */
function leadMsOf(text: string): number | undefined {
  try {
    const seconds = parseTtl(text).seconds;
    return seconds === null ? undefined : seconds * 1000;
  } catch (error) {
    if (error instanceof TtlError) return undefined;
    throw error;
  }
}

const RawOptions = v.strictObject({
  targets: v.optional(
    v.pipe(
      v.array(
        v.strictObject({
          region: v.pipe(v.string('a region id such as cn-north-4'), v.regex(REGION, 'a region id such as cn-north-4')),
          project_id: v.optional(v.pipe(v.string('a 32-character project id'), v.regex(PROJECT_ID, 'a 32-character project id (hex)'))),
        }),
        'a list of {region, project_id?}',
      ),
      v.minLength(1, 'a non-empty list of at most twenty {region, project_id?}'),
      v.maxLength(20, 'a non-empty list of at most twenty {region, project_id?}'),
    ),
  ),
  lead: v.optional(v.pipe(v.string(LEAD_HINT), v.check((text) => leadMsOf(text) !== undefined, LEAD_HINT))),
  mode: v.optional(v.picklist(Object.values(RenewalMode), `one of ${Object.values(RenewalMode).join(', ')}`)),
  dry_run: v.optional(v.boolean('true or false')),
  max_keys: v.optional(int(1, 1_000_000)),
  concurrency: v.optional(int(1, 64)),
  rps: v.optional(
    v.union(
      [
        rate,
        v.strictObject({
          kms_key: v.optional(rate),
          kms_import: v.optional(rate),
          kms_crypto: v.optional(rate),
          kms_tag: v.optional(rate),
          csms: v.optional(rate),
        }),
      ],
      'a number (every API group) or {kms_key?, kms_import?, kms_crypto?, kms_tag?, csms?} of requests per second',
    ),
  ),
  verify_probe: v.optional(v.boolean('true or false')),
  key_attempts: v.optional(int(1, 5)),
  lock: v.optional(v.boolean('true or false')),
  lock_ttl_seconds: v.optional(int(60, 86_400)),
  lock_wait_seconds: v.optional(int(0, 3_600)),
  window: v.optional(
    v.union(
      [windowText, v.pipe(v.array(windowText), v.minLength(1, 'one to ten windows'), v.maxLength(10, 'one to ten windows'))],
      `${WINDOW_HINT}, or a list of one to ten of them`,
    ),
  ),
  per_target: v.optional(v.boolean('true or false')),
  resume: v.optional(
    v.strictObject({
      phase: v.picklist(['recover', 'renew'], 'recover or renew'),
      skip: int(0, 1_000_000_000),
      hop: int(1, 1_000),
    }),
  ),
  fanout: v.optional(
    v.strictObject({
      threshold: int(1, 1_000_000),
      batch: int(1, 1_000),
      interval_ms: v.optional(int(0, 60_000)),
    }),
  ),
});

/** The options object as written in `user_event`. */
type RawRenewalOptions = InferInput<typeof RawOptions>;

const DEFAULTS = {
  mode: RenewalMode.Auto,
  concurrency: 4,
  keyAttempts: 3,
  lockTtlMs: 1_800_000,
  lockWaitMs: 60_000,
  fanoutIntervalMs: 1_000,
} as const;

function rpsOf(raw: v.InferOutput<typeof RawOptions>['rps']): Record<ApiGroup, number> {
  if (raw === undefined) return { ...DEFAULT_RPS };
  if (typeof raw === 'number') {
    return Object.fromEntries(Object.values(ApiGroup).map((group) => [group, raw])) as Record<ApiGroup, number>;
  }
  const rps = { ...DEFAULT_RPS };
  for (const [field, group] of Object.entries(RPS_FIELDS)) {
    const value = raw[field as keyof typeof RPS_FIELDS];
    if (value !== undefined) rps[group] = value;
  }
  return rps;
}

function toOptions(raw: v.InferOutput<typeof RawOptions>): RenewalOptions {
  return {
    targets: raw.targets?.map((t) => ({ region: t.region, ...(t.project_id !== undefined ? { projectId: t.project_id } : {}) })),
    leadMs: raw.lead === undefined ? undefined : leadMsOf(raw.lead),
    mode: raw.mode ?? DEFAULTS.mode,
    dryRun: raw.dry_run ?? false,
    maxKeys: raw.max_keys,
    concurrency: raw.concurrency ?? DEFAULTS.concurrency,
    rps: rpsOf(raw.rps),
    verifyProbe: raw.verify_probe ?? false,
    keyAttempts: raw.key_attempts ?? DEFAULTS.keyAttempts,
    lock: raw.lock ?? true,
    lockTtlMs: raw.lock_ttl_seconds === undefined ? DEFAULTS.lockTtlMs : raw.lock_ttl_seconds * 1000,
    lockWaitMs: raw.lock_wait_seconds === undefined ? DEFAULTS.lockWaitMs : raw.lock_wait_seconds * 1000,
    fanout:
      raw.fanout === undefined
        ? undefined
        : { threshold: raw.fanout.threshold, batch: raw.fanout.batch, intervalMs: raw.fanout.interval_ms ?? DEFAULTS.fanoutIntervalMs },
    windows:
      raw.window === undefined
        ? undefined
        : (typeof raw.window === 'string' ? [raw.window] : raw.window).map((text) => parseWindow(text) as MaintenanceWindow),
    perTarget: raw.per_target ?? false,
    resume: raw.resume,
    raw: raw as RawRenewalOptions,
  };
}

const OBJECT_HINT = 'a JSON object of renewal options';

/** The options schema: raw `user_event` fields in, {@link RenewalOptions} out. */
const RenewalOptionsSchema = v.pipe(
  v.unknown(),
  // valibot's object schemas accept arrays; say what is wrong instead of "unexpected field [0]".
  v.check((value) => typeof value === 'object' && value !== null && !Array.isArray(value), OBJECT_HINT),
  RawOptions,
  v.transform(toOptions),
);

/** Options that do not match the schema; `issues` name each bad field, never its value. */
class RenewalOptionsError extends ByokError {
  override readonly name = 'RenewalOptionsError' as const;
  readonly issues: readonly EventIssue[];

  constructor(issues: readonly EventIssue[]) {
    super(`renewal options refused, nothing was done: ${listIssues(issues)}`, { code: 'BYOK.INVALID_OPTIONS' });
    this.issues = issues;
  }
}

/**
 * Parses and defaults sweep options (`undefined` = all defaults).
 *
 * @throws {RenewalOptionsError} naming every bad field
 * @example
 * parseRenewalOptions({ lead: '7d', mode: 'delete-first', rps: { kms_import: 2 } })
 */
function parseRenewalOptions(input: unknown): RenewalOptions {
  const result = v.safeParse(RenewalOptionsSchema, input ?? {}, { abortEarly: false });
  if (!result.success) throw new RenewalOptionsError(describeIssues(result.issues));
  return result.output;
}

export { RenewalOptionsError, RenewalOptionsSchema, parseRenewalOptions };
export type { FanoutOptions, RawRenewalOptions, RenewalOptions, RenewalTargetSpec, ResumeOptions };
