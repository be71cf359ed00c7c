/**
 * The embedded cloud's control surface (`/_emulator/...`), reached through the same signed transport as KMS and
 * CSMS: moving its virtual clock and reading a key's state history.
 */
import type { HuaweiTransport } from '../lib/huawei/HuaweiTransport.js';

interface KeyHistory {
  history: { at: string; state: string; reason: string }[];
  /** Seconds the key spent in Pending import after its first import. */
  pendingImportSeconds: number;
}

/** Moves the embedded cloud's virtual clock forward; expiry processing runs with the move. */
async function advanceClock(transport: HuaweiTransport, seconds: number): Promise<void> {
  await transport.call(
    { name: 'advanceClock', method: 'POST', url: '/_emulator/clock', idempotent: false },
    { body: { advance_seconds: seconds } },
    () => undefined,
  );
}

/** A key's state changes as the embedded cloud recorded them. */
async function keyHistory(transport: HuaweiTransport, keyId: string): Promise<KeyHistory> {
  return transport.call(
    { name: 'keyHistory', method: 'GET', url: '/_emulator/keys/{key_id}/history', idempotent: true },
    { pathParams: { key_id: keyId } },
    (body) => {
      const b = body as { history?: KeyHistory['history']; pending_import_seconds?: number };
      return { history: b.history ?? [], pendingImportSeconds: Number(b.pending_import_seconds ?? 0) };
    },
  );
}

export { advanceClock, keyHistory };
export type { KeyHistory };
