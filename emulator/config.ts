/**
 * The switches for behaviour Huawei's documentation leaves open (`EmulatorConfig`, docs/emulator.md#switches),
 * validated and persisted in `meta` so a restart keeps them.
 */
import type { MetaStore } from './store.js';
import type { EmulatorConfig } from './types.js';

const DEFAULT_CONFIG: Readonly<EmulatorConfig> = Object.freeze({
  reimport_enabled_key: 'allow',
  import_parameters_enabled_key: 'allow',
  resource_detail: 'full',
  describe_time_unit: 'ms',
  expiry_deletion_delay_seconds: 3600,
  fgs_timer_catch_up: 'collapse',
  fgs_user_data_env: 'set',
});

/** Huawei deletes expired material "within 24 h", so the delay stays inside that day. */
const MAX_EXPIRY_DELETION_DELAY_SECONDS = 86_400;
const CONFIG_KEY = 'config';

/** Thrown for a config update that names an unknown switch or a bad value. */
class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The switches that take one of a few words, with their values (default first, as in DEFAULT_CONFIG). */
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  reimport_enabled_key: ['allow', 'reject'],
  import_parameters_enabled_key: ['allow', 'reject'],
  resource_detail: ['full', 'minimal'],
  describe_time_unit: ['ms', 's'],
  fgs_timer_catch_up: ['collapse', 'every'],
  fgs_user_data_env: ['set', 'omit'],
};

/** Applies a partial update to a config; throws `ConfigError` naming the bad field. */
function mergeConfig(base: EmulatorConfig, update: unknown): EmulatorConfig {
  if (typeof update !== 'object' || update === null || Array.isArray(update)) {
    throw new ConfigError('config must be a JSON object');
  }
  const next: Record<string, unknown> = { ...base };
  for (const [field, value] of Object.entries(update)) {
    const choices = CHOICES[field];
    if (choices !== undefined) {
      if (typeof value !== 'string' || !choices.includes(value)) throw new ConfigError(`${field} must be ${choices.map((c) => `"${c}"`).join(' or ')}`);
      next[field] = value;
    } else if (field === 'expiry_deletion_delay_seconds') {
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > MAX_EXPIRY_DELETION_DELAY_SECONDS) {
        throw new ConfigError(`${field} must be an integer in [0, ${MAX_EXPIRY_DELETION_DELAY_SECONDS}]`);
      }
      next[field] = value;
    } else {
      throw new ConfigError(`unknown config field "${field}"`);
    }
  }
  return next as unknown as EmulatorConfig;
}

/** The current config, kept in memory and in `meta`. */
class ConfigStore {
  readonly #meta: MetaStore;
  #current: EmulatorConfig;

  constructor(meta: MetaStore) {
    this.#meta = meta;
    const stored = meta.get(CONFIG_KEY);
    // A field added in a later version falls back to its default for an older file.
    this.#current = stored === undefined ? { ...DEFAULT_CONFIG } : { ...DEFAULT_CONFIG, ...(JSON.parse(stored) as object) };
  }

  /** A copy of the current config. */
  get(): EmulatorConfig {
    return { ...this.#current };
  }

  /** Validates and applies a partial update. Call inside a transaction. */
  update(update: unknown): EmulatorConfig {
    const next = mergeConfig(this.#current, update);
    this.#meta.set(CONFIG_KEY, JSON.stringify(next));
    this.#current = next;
    return this.get();
  }

  /** Back to the defaults. Call inside a transaction. */
  reset(): EmulatorConfig {
    this.#meta.set(CONFIG_KEY, JSON.stringify(DEFAULT_CONFIG));
    this.#current = { ...DEFAULT_CONFIG };
    return this.get();
  }

  /** Puts back a config after the transaction that changed it rolled back. */
  restore(config: EmulatorConfig): void {
    this.#current = { ...config };
  }
}

export { ConfigError, ConfigStore, DEFAULT_CONFIG, mergeConfig };
