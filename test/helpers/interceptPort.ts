/**
 * Test seam: wraps every method of a port object with hooks, and lets a few methods be replaced (fault injection
 * on one call, counting calls). Generic so a port that gains a method keeps working through the wrapper.
 */

/** Hooks around each call; `method` is the port method's name. */
interface PortHooks {
  /** Runs before the call (e.g. waits for a rate-limit token). */
  before?: (method: string) => Promise<void> | void;
  /** Runs after the call settled; `error` is set when it failed. */
  after?: (method: string, outcome: { error?: unknown }) => void;
  /** Replacements for some methods, called instead of the port's (the hooks still run around them). */
  overrides?: Record<string, (...args: any[]) => Promise<unknown>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A port of the same type whose methods run through `hooks`. Non-function properties pass through.
 *
 * @example
 * const gated = interceptPort(keys, { before: (m) => bucketFor(m).take().then(() => {}) });
 */
function interceptPort<T extends object>(port: T, hooks: PortHooks): T {
  return new Proxy(port, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || (typeof value !== 'function' && hooks.overrides?.[property] === undefined)) return value;
      const original = hooks.overrides?.[property] ?? (value as (...args: unknown[]) => unknown).bind(target);
      // Paged methods (async generators) pass through: hooks are for calls that answer once.
      if (hooks.overrides?.[property] === undefined && (value as { constructor?: { name?: string } }).constructor?.name === 'AsyncGeneratorFunction') return original;
      return async (...args: unknown[]): Promise<unknown> => {
        await hooks.before?.(property);
        try {
          const result = await original(...args);
          hooks.after?.(property, {});
          return result;
        } catch (error) {
          hooks.after?.(property, { error });
          throw error;
        }
      };
    },
  });
}

export { interceptPort };
export type { PortHooks };
