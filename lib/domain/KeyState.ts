/**
 * Lifecycle state of a KMS key. Huawei sends `key_state` as the strings "1".."5" (and "7" on newer
 * models), sometimes as numbers; only the adapter edge converts (docs/huawei-api.md#key-states).
 */
const KeyState = {
  /** "1": waiting to be activated (briefly, right after create-key). */
  PendingActivation: 'PendingActivation',
  /** "2": enabled, usable for encrypt/decrypt. */
  Enabled: 'Enabled',
  /** "3": disabled. */
  Disabled: 'Disabled',
  /** "4": scheduled for deletion. */
  PendingDeletion: 'PendingDeletion',
  /** "5": no key material (new external key, or material expired/deleted): every crypto call fails. */
  PendingImport: 'PendingImport',
  /** "7": frozen (account arrears). */
  Frozen: 'Frozen',
  /** Any other value; the raw wire value is kept on the key as `keyStateCode`. */
  Unknown: 'Unknown',
} as const;
type KeyState = (typeof KeyState)[keyof typeof KeyState];

const wireToState: Readonly<Record<string, KeyState>> = {
  '1': KeyState.PendingActivation,
  '2': KeyState.Enabled,
  '3': KeyState.Disabled,
  '4': KeyState.PendingDeletion,
  '5': KeyState.PendingImport,
  '7': KeyState.Frozen,
};

/**
 * The named state for a wire value ("5", 5, " 5 ").
 *
 * @example
 * keyStateFromWire('5') // 'PendingImport'
 */
function keyStateFromWire(value: unknown): KeyState {
  if (typeof value !== 'string' && typeof value !== 'number') return KeyState.Unknown;
  return wireToState[String(value).trim()] ?? KeyState.Unknown;
}

/** The wire string for a state (`key_state` filter of list-keys); `undefined` for `Unknown`. */
function keyStateToWire(state: KeyState): string | undefined {
  for (const [wire, named] of Object.entries(wireToState)) if (named === state) return wire;
  return undefined;
}

export { KeyState, keyStateFromWire, keyStateToWire };
