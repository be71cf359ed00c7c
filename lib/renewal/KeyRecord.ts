/**
 * The sweep's own record of what it did to one key across its tries: renewKey reads it to name the outcome,
 * to retry safely after an ambiguous answer, and to measure the delete-first gap.
 */

/** What the sweep has learnt about this cloud's imports; one per target. */
interface ModeMemo {
  /** It refuses in-place re-imports (KMS.0310 on Huawei). */
  inPlaceRejected: boolean;
  /** It gives import parameters only for a key in Pending import (delete first, then ask). */
  parametersNeedPendingImport: boolean;
}

/** True for an error that says the call may have been applied although no success was seen. */
function isAmbiguous(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { ambiguous?: unknown }).ambiguous === true;
}

class KeyRecord {
  /** delete-imported-key-material was sent (monotonic ms): the key may be without material from here. */
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

  /** The key has no material because of this sweep, and no import followed yet. */
  get leftWithoutMaterial(): boolean {
    return this.deletedByUs && this.gapEndMs === undefined;
  }

  /** A delete of ours went out and was not refused (it may have been applied unanswered), and no import closed it. */
  get mayBeWithoutMaterial(): boolean {
    return this.gapStartMs !== undefined && this.gapEndMs === undefined;
  }

  deleteSent(atMs: number): void {
    this.gapStartMs ??= atMs;
    this.gapEndMs = undefined;
  }

  deleteAnswered(error: unknown): void {
    if (error === undefined) this.deletedByUs = true;
    else if (isAmbiguous(error)) this.ambiguous = true;
    // A delete refused outright left the material in place: no gap opened (unless an earlier try's did).
    else if (!this.deletedByUs) this.gapStartMs = undefined;
  }

  importAnswered(error: unknown, atMs: number): void {
    if (error !== undefined) {
      if (isAmbiguous(error)) this.ambiguous = true;
      return;
    }
    this.importedByUs = true;
    if (this.gapStartMs !== undefined) this.gapEndMs = atMs;
  }

  /** The key has material again (another run's import, or our ambiguous one): any delete-first gap is over. */
  materialBack(atMs: number): void {
    if (this.gapStartMs !== undefined && this.gapEndMs === undefined) this.gapEndMs = atMs;
  }
}

export { KeyRecord };
export type { ModeMemo };
