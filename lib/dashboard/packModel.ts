/**
 * The model as the page carries it: key rows as columns (a field name once, not once per key) and each key's
 * mark times as differences (a few digits instead of ten). About half the size for a large fleet; the page's
 * script unpacks it (assets/dashboard.js, `unpackKeys`).
 */
import type { DashboardModel, KeyRow } from './types.js';

/** Fields of a key row whose value is a sorted list of times. */
const DELTA_FIELDS = ['renewal_ts', 'failure_ts'] as const;

type KeyColumns = { [F in keyof KeyRow]: Array<KeyRow[F]> };

interface PackedModel extends Omit<DashboardModel, 'keys'> {
  keys: { count: number; columns: KeyColumns; delta: readonly string[] };
}

function deltas(times: readonly number[]): number[] {
  return times.map((t, i) => (i === 0 ? t : t - (times[i - 1] as number)));
}

/**
 * @example
 * const packed = packModel(model); // what the page embeds and `/model.json` serves
 */
function packModel(model: DashboardModel): PackedModel {
  const fields = Object.keys(model.keys[0] ?? {}) as Array<keyof KeyRow>;
  const columns = Object.fromEntries(fields.map((field) => [field, [] as unknown[]])) as Record<keyof KeyRow, unknown[]>;
  for (const row of model.keys) {
    for (const field of fields) {
      const value = row[field];
      columns[field].push((DELTA_FIELDS as readonly string[]).includes(field) ? deltas(value as number[]) : value);
    }
  }
  return { ...model, keys: { count: model.keys.length, columns: columns as KeyColumns, delta: DELTA_FIELDS } };
}

export { packModel };
export type { PackedModel };
