/**
 * What happened to one key across its tries in a sweep, written by the per-key port probe and the import stage,
 * read by renewKey to name the outcome, retry safely and measure the delete-first gap.
 */
import type { KeyService } from '../ports/index.js';
import type { KeyTag } from '../domain/KeyInfo.js';
import { interceptPort } from './interceptPort.js';

/** Whether the sweep has learnt that this cloud refuses in-place re-imports (KMS.0310); one per target. */
interface ModeMemo {
  inPlaceRejected: boolean;
}

/** Per-key state across tries. */
class KeyTrack {
  /** delete-imported-key-material was sent (monotonic ms) — the key may be without material from here. */
  gapStartMs: number | undefined;
  /** The import after the delete answered (monotonic ms). */
  gapEndMs: number | undefined;
  /** Our delete went through: the key has no material until an import succeeds. */
  deletedByUs = false;
  /** One of our imports went through. */
  importedByUs = false;
  /** An import or delete failed without a clear answer: it may have been applied. */
  ambiguous = false;
  /** A re-describe found the key in Pending import without our doing: this is a recovery. */
  foundPendingImport = false;
  /** How the enabled key was renewed. */
  modeUsed: 'in-place' | 'delete-first' | undefined;
  /** Expiry of the import token of the current chain pass (cloud clock, ms), from the wrap-material event. */
  paramsExpireAtMs: number | undefined;

  /** The key has no material because of this sweep, and no import followed yet. */
  get leftWithoutMaterial(): boolean {
    return this.deletedByUs && this.gapEndMs === undefined;
  }
}

/**
 * The per-key view of the (gated) KeyService: records deletes/imports and ambiguity in `track`, and answers
 * `showKeyTags(keyId)` from the discovery snapshot (kept current on `putKeyTags`), which saves the stages two tag
 * reads per key; tags of a managed key change only through these stages.
 */
function trackedKeyService(keys: KeyService, keyId: string, track: KeyTrack, elapsedMs: () => number, cachedTags: KeyTag[] | undefined): KeyService {
  let tags = cachedTags?.map((t) => ({ ...t }));
  const ambiguousFailure = (error: unknown): boolean =>
    typeof error === 'object' && error !== null && (error as { ambiguous?: unknown }).ambiguous === true;
  return interceptPort(keys, {
    overrides: {
      showKeyTags: async (id: string) => (id === keyId && tags !== undefined ? tags.map((t) => ({ ...t })) : keys.showKeyTags(id)),
      putKeyTags: async (id: string, put: KeyTag[]) => {
        await keys.putKeyTags(id, put);
        if (id === keyId && tags !== undefined) {
          tags = [...tags.filter((t) => !put.some((p) => p.key === t.key)), ...put.map((t) => ({ ...t }))];
        }
      },
    },
    before: (method) => {
      if (method === 'deleteImportedKeyMaterial') {
        track.gapStartMs ??= elapsedMs();
        track.gapEndMs = undefined;
      }
    },
    after: (method, { error }) => {
      if (method !== 'deleteImportedKeyMaterial' && method !== 'importKeyMaterial') return;
      if (error !== undefined) {
        if (ambiguousFailure(error)) track.ambiguous = true;
        // A delete refused outright left the material in place: no gap opened (unless an earlier try's did).
        else if (method === 'deleteImportedKeyMaterial' && !track.deletedByUs) track.gapStartMs = undefined;
        return;
      }
      if (method === 'deleteImportedKeyMaterial') {
        track.deletedByUs = true;
        return;
      }
      track.importedByUs = true;
      if (track.gapStartMs !== undefined) track.gapEndMs = elapsedMs();
    },
  });
}

export { KeyTrack, trackedKeyService };
export type { ModeMemo };
