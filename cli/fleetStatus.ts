/**
 * The fleet as `byok status` shows it: every managed key with its plan (lib/renewal's pure planKeys over one
 * discovery: no lock, nothing changed), its fingerprint, when it was last imported (its expiry less its ttl: KMS
 * keeps no import time), and the external keys in Pending import that no one manages (orphans).
 */
import { KeyState } from '../lib/domain/KeyState.js';
import { discoverManagedKeys } from '../lib/renewal/discover.js';
import { planKeys } from '../lib/renewal/plan.js';
import { TagKey } from '../lib/tags.js';
import { parseTtl } from '../lib/ttl.js';
import type { Backend } from './backend.js';

/** One managed key's row. */
interface StatusRow {
  alias: string;
  key_id: string;
  state: string;
  expires_at: string | null;
  days_left: number | null;
  /** The key's expiry less its ttl: when the material was last imported (renewed). */
  last_import: string | null;
  action: string;
  reason: string;
  fingerprint: string | null;
  /** The lead the plan used for this key, in days. */
  lead_days: number;
}

/** An external key in Pending import with no `byok:` tag. */
interface Orphan {
  key_id: string;
  name: string;
  created_at: string | null;
}

function lastImportOf(expiresAt: string | null, ttlText: string | undefined): string | null {
  if (expiresAt === null || ttlText === undefined) return null;
  try {
    const seconds = parseTtl(ttlText).seconds;
    return seconds === null ? null : new Date(Date.parse(expiresAt) - seconds * 1000).toISOString();
  } catch {
    return null;
  }
}

/**
 * @example
 * const rows = await fleetStatus(backend, { leadMs: undefined });
 */
async function fleetStatus(backend: Backend, options: { leadMs: number | undefined; alias?: string | undefined }): Promise<StatusRow[]> {
  const snapshots = await discoverManagedKeys(backend.keys);
  const plan = planKeys(snapshots, backend.clock.now(), { leadMs: options.leadMs });
  return plan
    .filter((p) => options.alias === undefined || p.row.alias === options.alias)
    .map(({ row, snapshot, leadMs }) => {
      const tag = (key: string): string | undefined => snapshot.tags.find((t) => t.key === key)?.value;
      return {
        alias: row.alias,
        key_id: row.key_id,
        state: row.state,
        expires_at: row.expires_at,
        days_left: row.days_left,
        last_import: lastImportOf(row.expires_at, tag(TagKey.Ttl)),
        action: row.action,
        reason: row.reason,
        fingerprint: tag(TagKey.Fingerprint) ?? null,
        lead_days: Math.round((leadMs / 86_400_000) * 100) / 100,
      };
    });
}

/** External keys in Pending import without any `byok:` tag (Huawei's list-keys; none on another cloud). */
async function orphans(backend: Backend): Promise<Orphan[]> {
  const kms = backend.huawei?.kms;
  if (kms === undefined) return [];
  const found: Orphan[] = [];
  for await (const key of kms.iterateKeys({ keyState: KeyState.PendingImport })) {
    if (key.origin !== 'external' || key.keyState !== KeyState.PendingImport) continue;
    const tags = await backend.keys.showKeyTags(key.keyId);
    if (tags.some((t) => t.key.startsWith('byok:'))) continue;
    found.push({ key_id: key.keyId, name: key.keyAlias ?? '', created_at: key.creationDate?.toISOString() ?? null });
  }
  return found;
}

const ORPHAN_ADVICE =
  'tag it byok:secret=<CSMS secret> to have on-event import and adopt it, or schedule its deletion if no one needs it';

export { ORPHAN_ADVICE, fleetStatus, orphans };
export type { Orphan, StatusRow };
