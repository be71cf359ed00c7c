/** Lifecycle state of a KMS key, named; each adapter converts its cloud's wire values at the edge. */
const KeyState = {
  /** Waiting to be activated (briefly, right after creation). */
  PendingActivation: 'PendingActivation',
  /** Enabled: usable for encrypt/decrypt. */
  Enabled: 'Enabled',
  Disabled: 'Disabled',
  /** Scheduled for deletion. */
  PendingDeletion: 'PendingDeletion',
  /** No key material (a new external key, or material expired or deleted): every crypto call fails. */
  PendingImport: 'PendingImport',
  /** Frozen (account in arrears). */
  Frozen: 'Frozen',
  /** A state the adapter does not know. */
  Unknown: 'Unknown',
} as const;
type KeyState = (typeof KeyState)[keyof typeof KeyState];

export { KeyState };
