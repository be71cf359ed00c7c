/**
 * Preloaded (`node --require`) into every function the emulator runs under a VIRTUAL clock, so the function's
 * `Date` is the emulator's time: `new Date()`, `Date()` and `Date.now()` are shifted by the offset (virtual - wall)
 * measured at spawn; from there time flows at the real rate. Everything else about `Date` is untouched: the
 * same prototype (so `instanceof Date` holds both ways and subclasses work), `Date.parse`, `Date.UTC`, dates
 * built from arguments. Timers, `performance.now()` and `process.hrtime()` keep real time.
 *
 * What a deployed bundle could trip over, and why it does not: the offset comes in an environment variable
 * that is deleted before any user code runs; nothing is printed; no global other than `Date` is replaced;
 * `Date.now` stays an ordinary writable property (a bundle that fakes time can still replace it); the file
 * is plain CommonJS outside the function's folder, so a package.json there (`"type"` of either kind) does
 * not affect it, and it is never on the function's require path.
 */
'use strict';
(function installVirtualClock() {
  const VARIABLE = 'FGS_EMULATOR_CLOCK_OFFSET_MS';
  const raw = process.env[VARIABLE];
  delete process.env[VARIABLE];
  const offsetMs = Number(raw);
  if (raw === undefined || !Number.isFinite(offsetMs) || offsetMs === 0) return;
  const RealDate = Date;
  const realNow = RealDate.now;
  const now = function now() {
    return realNow() + offsetMs;
  };
  const VirtualDate = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget);
    },
    apply() {
      // `Date()` called as a function answers the current time as a string.
      return new RealDate(now()).toString();
    },
  });
  RealDate.now = now;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: VirtualDate, writable: true, configurable: true });
  globalThis.Date = VirtualDate;
})();
