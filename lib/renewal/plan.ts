/**
 * The plan: a pure function of (managed keys, now, lead) → one row per key with an action and a reason.
 * Renewals and recoveries come first, most urgent first (Pending import, then earliest expiry).
 */
import { KeyState } from '../domain/KeyState.js';
import { TagError, TagKey, parseManagedTags } from '../tags.js';
import type { ManagedKeyTags } from '../tags.js';
import { TtlError, parseTtl } from '../ttl.js';
import type { Ttl } from '../ttl.js';
import {
  EXPIRY_BEYOND_TTL_SLACK_MS,
  MAX_DEFAULT_LEAD_MS,
  MAX_LEAD_SHARE_OF_TTL,
  MS_PER_DAY,
  PlanAction,
} from './constants.js';
import type { ManagedKeySnapshot, PlanRow, PlannedKey } from './types.js';
import { openingsBetween } from './windows.js';
import type { MaintenanceWindow } from './windows.js';

/** Options of {@link planKeys}. */
interface PlanOptions {
  /** A lead for every key; default per key a third of its ttl, at most 10 days. */
  leadMs?: number | undefined;
  /** Region written on the rows (the target's). */
  region?: string | undefined;
  /**
   * Maintenance windows, when delete-first renewals are confined to them: a key whose lead covers fewer than
   * {@link MIN_WINDOWS_IN_LEAD} openings before its expiry is warned about (in its reason).
   */
  windows?: readonly MaintenanceWindow[] | undefined;
}

/** A lead should give a key this many maintenance windows (tries) before its expiry. */
const MIN_WINDOWS_IN_LEAD = 3;

const FINGERPRINT = /^fp1-[0-9a-f]{32}$/;
const SUPPORTED_SPEC = 'AES_256';

/** Days as shown in rows and logs: 2 decimals. */
function daysOf(ms: number): number {
  return Math.round((ms / MS_PER_DAY) * 100) / 100;
}

function formatDays(ms: number): string {
  return `${daysOf(ms)}d`;
}

/**
 * The lead of one key: the explicit one capped at half the ttl (a longer lead would renew the key on every sweep),
 * else min(ttl / 3, 10 days); `never` keys get 10 days (used only when such a key unexpectedly has an expiry).
 */
function leadFor(ttlSeconds: number | null, explicitMs: number | undefined): number {
  if (ttlSeconds === null) return explicitMs ?? MAX_DEFAULT_LEAD_MS;
  const ttlMs = ttlSeconds * 1000;
  if (explicitMs !== undefined) return Math.min(explicitMs, ttlMs * MAX_LEAD_SHARE_OF_TTL);
  return Math.min(ttlMs / 3, MAX_DEFAULT_LEAD_MS);
}

interface Verdict {
  action: PlanAction;
  reason: string;
}

const verdict = (action: PlanAction, reason: string): Verdict => ({ action, reason });

/** Tags, ttl and the key's kind: anything that makes acting impossible or wrong is drift. */
function checkManaged(snapshot: ManagedKeySnapshot): { tags: ManagedKeyTags; ttl: Ttl } | Verdict {
  let tags: ManagedKeyTags;
  let ttl: Ttl;
  try {
    tags = parseManagedTags(snapshot.tags);
    ttl = parseTtl(tags.ttl);
  } catch (error) {
    if (error instanceof TagError) return verdict(PlanAction.Drift, `${error.message}; fix the tags or re-onboard the key`);
    if (error instanceof TtlError) return verdict(PlanAction.Drift, `tag ${TagKey.Ttl}: ${error.message}`);
    throw error;
  }
  if (tags.fingerprint !== undefined && !FINGERPRINT.test(tags.fingerprint)) {
    return verdict(PlanAction.Drift, `tag ${TagKey.Fingerprint} is not a fingerprint (fp1-…); remove it so the next import records it`);
  }
  const info = snapshot.info;
  if (info?.origin !== undefined && info.origin !== 'external') {
    return verdict(PlanAction.Drift, `origin is ${info.origin}, not external: its material cannot be imported; remove ${TagKey.Managed}`);
  }
  if (info?.keySpec !== undefined && info.keySpec !== SUPPORTED_SPEC) {
    return verdict(PlanAction.Drift, `key spec ${info.keySpec}: byok-keeper renews ${SUPPORTED_SPEC} material only`);
  }
  return { tags, ttl };
}

/** The verdict for an enabled key with parsed tags. */
function enabledVerdict(expiresAtMs: number | undefined, nowMs: number, ttlSeconds: number | null, leadMs: number, hasFp: boolean): Verdict {
  const ttlText = ttlSeconds === null ? 'never' : formatDays(ttlSeconds * 1000);
  if (expiresAtMs === undefined) {
    return ttlSeconds === null
      ? verdict(PlanAction.Skip, 'material never expires (byok:ttl never)')
      : verdict(PlanAction.Drift, `material never expires although ${TagKey.Ttl} is ${ttlText}; set ${TagKey.Ttl}=never or re-import with an expiry`);
  }
  const remainingMs = expiresAtMs - nowMs;
  const noFp = hasFp ? '' : `; ${TagKey.Fingerprint} not recorded yet (recorded after this import)`;
  if (remainingMs <= leadMs) {
    const when =
      remainingMs <= 0
        ? `material expired ${formatDays(-remainingMs)} ago and KMS deletes it within 24 h`
        : `expires in ${formatDays(remainingMs)} (lead ${formatDays(leadMs)})`;
    const never = ttlSeconds === null ? `; ${TagKey.Ttl} is never: re-importing without expiry` : '';
    return verdict(PlanAction.Renew, `${when}${never}${noFp}`);
  }
  if (ttlSeconds === null) {
    return verdict(PlanAction.Drift, `material expires in ${formatDays(remainingMs)} although ${TagKey.Ttl} is never; it is re-imported without expiry within ${formatDays(leadMs)} of expiry`);
  }
  if (remainingMs > ttlSeconds * 1000 + EXPIRY_BEYOND_TTL_SLACK_MS) {
    return verdict(PlanAction.Drift, `material expires in ${formatDays(remainingMs)}, beyond ${TagKey.Ttl} ${ttlText}; check who imported it`);
  }
  if (!hasFp) return verdict(PlanAction.Drift, `${TagKey.Fingerprint} not recorded (it is recorded at the next renewal)`);
  return verdict(PlanAction.Skip, `expires in ${formatDays(remainingMs)} (lead ${formatDays(leadMs)})`);
}

function stateVerdict(snapshot: ManagedKeySnapshot, tags: ManagedKeyTags, ttlSeconds: number | null, nowMs: number, leadMs: number): Verdict {
  const info = snapshot.info;
  if (info === undefined) return verdict(PlanAction.Skip, `key details unavailable (${snapshot.infoErrorCode ?? 'no details'}); retried next sweep`);
  switch (info.keyState) {
    case KeyState.Enabled:
      return enabledVerdict(info.expirationTime?.getTime(), nowMs, ttlSeconds, leadMs, tags.fingerprint !== undefined);
    case KeyState.PendingImport:
      return tags.fingerprint === undefined
        ? verdict(PlanAction.Recover, `pending import and never imported (no ${TagKey.Fingerprint}): completing onboarding`)
        : verdict(PlanAction.Recover, 'pending import: material expired or deleted; every encrypt/decrypt fails until recovered');
    case KeyState.Disabled: {
      // A disabled key's material lapses too (and the recovery would then enable it): renewed, kept disabled.
      const found = enabledVerdict(info.expirationTime?.getTime(), nowMs, ttlSeconds, leadMs, tags.fingerprint !== undefined);
      return { ...found, reason: `disabled: ${found.reason}${found.action === PlanAction.Renew ? '; renewed and kept disabled' : ''}` };
    }
    case KeyState.PendingDeletion:
      return verdict(PlanAction.Skip, `pending deletion${info.scheduledDeletionDate ? ` (on ${info.scheduledDeletionDate.toISOString()})` : ''}`);
    case KeyState.PendingActivation:
      return verdict(PlanAction.Skip, 'waiting to be activated');
    case KeyState.Frozen:
      return verdict(PlanAction.Skip, 'frozen (account in arrears)');
    default:
      return verdict(PlanAction.Drift, 'in a state byok-keeper does not know; check the key in the KMS console');
  }
}

function urgency(planned: PlannedKey): number {
  const { row } = planned;
  if (row.action === PlanAction.Recover) return 0;
  if (row.action === PlanAction.Renew) return 1;
  return 2;
}

/**
 * The plan for one target's managed keys at `now`. Pure: no I/O, no clock of its own.
 *
 * @example
 * const plan = planKeys(await discoverManagedKeys(keys), clock.now(), { leadMs: 7 * 86_400_000 });
 * plan.filter((p) => p.row.action === 'renew').length
 */
function planKeys(snapshots: readonly ManagedKeySnapshot[], now: Date, options: PlanOptions = {}): PlannedKey[] {
  const nowMs = now.getTime();
  const planned = snapshots.map((snapshot): PlannedKey => {
    const info = snapshot.info;
    const expiresAtMs = info?.keyState === KeyState.PendingImport ? undefined : info?.expirationTime?.getTime();
    const managed = checkManaged(snapshot);
    const base = {
      key_id: snapshot.keyId,
      alias: ('tags' in managed ? managed.tags.alias : '') || info?.name || '',
      region: options.region ?? info?.region ?? null,
      state: info?.keyState ?? KeyState.Unknown,
      expires_at: expiresAtMs === undefined ? null : new Date(expiresAtMs).toISOString(),
      days_left: expiresAtMs === undefined ? null : daysOf(expiresAtMs - nowMs),
    };
    if (!('tags' in managed)) {
      return { row: { ...base, ...managed }, snapshot, leadMs: leadFor(null, options.leadMs) };
    }
    const leadMs = leadFor(managed.ttl.seconds, options.leadMs);
    const row: PlanRow = { ...base, ...stateVerdict(snapshot, managed.tags, managed.ttl.seconds, nowMs, leadMs) };
    const planned: PlannedKey = { row, snapshot, leadMs, managed: { keyId: snapshot.keyId, tags: managed.tags, ttl: managed.ttl } };
    if (options.windows !== undefined && expiresAtMs !== undefined && managed.ttl.seconds !== null) {
      const openings = openingsBetween(options.windows, expiresAtMs - leadMs, expiresAtMs);
      if (openings < MIN_WINDOWS_IN_LEAD) {
        row.reason += `; warning: the lead covers ${openings} maintenance window(s) before expiry (fewer than ${MIN_WINDOWS_IN_LEAD}): lengthen the lead or add windows`;
        row.window_warning = true;
      }
    }
    return planned;
  });
  return planned.sort(
    (a, b) =>
      urgency(a) - urgency(b) ||
      (a.row.days_left ?? Number.POSITIVE_INFINITY) - (b.row.days_left ?? Number.POSITIVE_INFINITY) ||
      a.row.key_id.localeCompare(b.row.key_id),
  );
}

export { MIN_WINDOWS_IN_LEAD, daysOf, leadFor, planKeys };
export type { PlanOptions };
