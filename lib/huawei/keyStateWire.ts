/**
 * Huawei's `key_state`: the strings "1".."5" (and "7" on newer models), sometimes sent as numbers
 * (docs/huawei-api.md#key-states).
 */
import { KeyState } from '../domain/KeyState.js';

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

export { keyStateFromWire, keyStateToWire };
