/**
 * The accelerated clock: each tick moves the embedded cloud's virtual clock one hour (the deployed timer's rate,
 * so each tick crosses exactly one of its slots), waits until FunctionGraph has run everything that move
 * started (`POST /_emulator/fgs/drain`: the timer's sweep and any stage it handed on), then reads and shows the
 * fleet. At `speed` simulated hours per second it waits out the rest of each tick's share of a second.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { HuaweiTransport } from '../../lib/huawei/HuaweiTransport.js';
import type { KeyService } from '../../lib/ports/index.js';
import { advanceClock } from '../embeddedControl.js';
import { drainFunctions } from './cloudControl.js';
import type { TickView } from './fleetTable.js';
import { readFleet, readSweep } from './fleetView.js';

const TICK_SECONDS = 3_600;

interface TickDeps {
  keys: KeyService;
  transport: HuaweiTransport;
  /** The embedded cloud's clock. */
  now: () => Date;
  /** Name of the deployed renew-expiring function (its log holds the sweep's summary). */
  timerFunction: string;
}

interface RunTicksOptions {
  /** Ticks to run; undefined = until `signal` aborts. */
  ticks: number | undefined;
  /** Simulated hours per real second; undefined = no waiting. */
  speed: number | undefined;
  signal: AbortSignal;
  show: (view: TickView) => void;
}

/** The fleet as it is now, before any tick (tick 0). */
async function snapshot(deps: TickDeps, tick: number, since: Date | undefined): Promise<TickView> {
  const now = deps.now();
  const sweep = since === undefined ? undefined : await readSweep(deps.transport, deps.timerFunction, since);
  return { tick, now, keys: await readFleet(deps.keys, deps.transport, now), sweep };
}

/**
 * Shows tick 0, then runs ticks until `ticks` are done or `signal` aborts; answers the last view.
 *
 * @example
 * const last = await runTicks(deps, { ticks: 24, speed: undefined, signal, show: output.tick });
 */
async function runTicks(deps: TickDeps, options: RunTicksOptions): Promise<TickView> {
  let view = await snapshot(deps, 0, undefined);
  options.show(view);
  const tickMs = options.speed === undefined ? 0 : 1000 / options.speed;
  for (let tick = 1; options.ticks === undefined || tick <= options.ticks; tick++) {
    if (options.signal.aborted) break;
    const started = Date.now();
    await advanceClock(deps.transport, TICK_SECONDS);
    const movedTo = deps.now();
    await drainFunctions(deps.transport);
    view = await snapshot(deps, tick, movedTo);
    options.show(view);
    const rest = tickMs - (Date.now() - started);
    if (rest > 0 && !options.signal.aborted) await sleep(rest, undefined, { signal: options.signal }).catch(() => undefined);
  }
  return view;
}

export { runTicks };
export type { TickDeps };
