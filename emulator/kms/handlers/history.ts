/**
 * `GET /_emulator/keys/{key_id}/history` (control surface): a key's state changes on the emulator clock, and
 * how long it spent in Pending import ("5") after its first import, which is what renewal tests measure.
 */
import { HistoryReason, KeyState } from '../constants.js';
import type { KmsCall } from '../KmsCall.js';
import type { HistoryRow } from '../store/HistoryStore.js';
import type { EmulatorResponse } from '../../types.js';
import { WireError } from '../../types.js';

function keyHistory(call: KmsCall): EmulatorResponse {
  const keyId = call.req.params.key_id ?? '';
  const rows = call.store.history.list(keyId);
  if (!call.store.keys.get(keyId) || rows.length === 0) {
    throw new WireError(404, 'KMS.0207', 'The key does not exist.');
  }
  return {
    status: 200,
    body: {
      key_id: keyId,
      history: rows.map((row) => ({ at: new Date(row.at_ms).toISOString(), state: row.state, reason: row.reason })),
      pending_import_seconds: pendingImportSeconds(rows, call.nowMs),
    },
  };
}

/** Seconds spent in "5" from the first import on; an open interval counts up to `nowMs`. */
function pendingImportSeconds(rows: HistoryRow[], nowMs: number): number {
  const firstImport = rows.findIndex((row) => row.reason === HistoryReason.Imported);
  if (firstImport < 0) return 0;
  let totalMs = 0;
  let enteredMs: number | null = null;
  for (const row of rows.slice(firstImport)) {
    if (row.state === KeyState.PendingImport && enteredMs === null) enteredMs = row.at_ms;
    if (row.state !== KeyState.PendingImport && enteredMs !== null) {
      totalMs += row.at_ms - enteredMs;
      enteredMs = null;
    }
  }
  if (enteredMs !== null) totalMs += Math.max(0, nowMs - enteredMs);
  return totalMs / 1000;
}

export { keyHistory, pendingImportSeconds };
