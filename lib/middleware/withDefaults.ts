/**
 * `{ ...defaults, ...opts }`, except that options explicitly set to `undefined` keep the default (composers such as
 * `stageHandler` forward optional settings as-is).
 */
function withDefaults<TDefaults extends object, TOptions extends object>(
  defaults: TDefaults,
  opts: TOptions,
): TDefaults & TOptions {
  const merged = { ...defaults } as Record<string, unknown>;
  for (const [key, value] of Object.entries(opts)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged as TDefaults & TOptions;
}

export { withDefaults };
