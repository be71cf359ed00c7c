/**
 * What `byok start` shows each tick, read from the cloud itself: every managed key (KMS, by its tags) with its
 * state and expiry, its last action from the embedded cloud's key history, and what the deployed timer's last
 * run reported (its `renewal.summary` log line).
 */
import type { KeyState } from '../../lib/domain/KeyState.js';
import type { HuaweiTransport } from '../../lib/huawei/HuaweiTransport.js';
import { allKeysByTags } from '../../lib/lifecycle/allKeysByTags.js';
import type { KeyService } from '../../lib/ports/index.js';
import { keyHistory } from '../embeddedControl.js';
import type { KeyHistory } from '../embeddedControl.js';
import { functionLogLines } from './cloudControl.js';

interface KeyRow {
  alias: string;
  keyId: string;
  state: KeyState;
  expiresAt: Date | undefined;
  /** Days until the material expires (negative once expired); null without an expiry. */
  daysLeft: number | null;
  /** What last happened to the key: onboarded, renewed, recovered, material expired, ... */
  lastAction: string;
  lastActionAt: Date | undefined;
}

/** The counters of the timer's `renewal.summary` line (docs/logs.md). */
interface SweepReport {
  scanned: number;
  due: number;
  renewed: number;
  recovered: number;
  failed: number;
}

const DAY_MS = 86_400_000;

/** The last action in a key's history, in byok's words (an import after a gap in Pending import is a recovery). */
function lastActionOf(history: KeyHistory['history']): { action: string; at: Date | undefined } {
  let action = 'none';
  let at: string | undefined;
  let imports = 0;
  let deletedAt: number | undefined;
  for (const entry of history) {
    at = entry.at;
    switch (entry.reason) {
      case 'imported':
        action = imports === 0 ? 'onboarded' : deletedAt !== undefined && Date.parse(entry.at) > deletedAt ? 'recovered' : 'renewed';
        imports += 1;
        deletedAt = undefined;
        break;
      case 'expiry_refreshed':
        action = 'renewed';
        break;
      case 'material_deleted':
        deletedAt = Date.parse(entry.at);
        action = 'material deleted';
        break;
      default:
        action = entry.reason.replace(/_/g, ' ');
    }
  }
  return { action, at: at === undefined ? undefined : new Date(at) };
}

/** Every managed key, by alias; a rotated alias shows each of its keys. */
async function readFleet(keys: KeyService, transport: HuaweiTransport, now: Date): Promise<KeyRow[]> {
  const managed = await allKeysByTags(keys, [{ key: 'byok:managed', values: ['true'] }]);
  const rows = await Promise.all(
    managed.map(async (key): Promise<KeyRow> => {
      const info = key.info ?? (await keys.describeKey(key.keyId));
      const alias = key.tags.find((tag) => tag.key === 'byok:alias')?.value ?? info.name ?? key.keyId;
      const { action, at } = lastActionOf((await keyHistory(transport, key.keyId)).history);
      const expiresAt = info.expirationTime;
      const daysLeft = expiresAt === undefined ? null : (expiresAt.getTime() - now.getTime()) / DAY_MS;
      return { alias, keyId: key.keyId, state: info.keyState, expiresAt, daysLeft, lastAction: action, lastActionAt: at };
    }),
  );
  return rows.sort((a, b) => a.alias.localeCompare(b.alias) || a.keyId.localeCompare(b.keyId));
}

/** The timer's report if it ran since `since`: the last `renewal.summary` line of its log. */
async function readSweep(transport: HuaweiTransport, functionName: string, since: Date): Promise<SweepReport | undefined> {
  const lines = await functionLogLines(transport, functionName, since);
  for (const line of lines.reverse()) {
    const start = line.indexOf('{');
    if (start < 0 || !line.includes('"renewal.summary"')) continue;
    try {
      const summary = JSON.parse(line.slice(start)) as Record<string, unknown>;
      const count = (name: string): number => Number(summary[name] ?? 0);
      return { scanned: count('scanned'), due: count('due'), renewed: count('renewed'), recovered: count('recovered'), failed: count('failed') };
    } catch {
      continue;
    }
  }
  return undefined;
}

export { lastActionOf, readFleet, readSweep };
export type { KeyRow, SweepReport };
