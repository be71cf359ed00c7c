/**
 * TIMER triggers firing on the emulator's clock. Each ACTIVE timer keeps its next slot (`next_fire_ms`); every
 * clock move (and, on a real clock, the scheduler) fires the timers whose slot has come, earliest first, as
 * asynchronous invocations with FunctionGraph's timer event.
 *
 * Catch-up (`fgs_timer_catch_up`): when a virtual clock jumps over several slots of a timer,
 * - `collapse` (the default) fires ONCE, for the last slot passed. A jump is a simulation artefact: every
 *   run after it would see the same world (the clock, keys, expiries already at the end of the jump), so 168
 *   runs for a week of an hourly timer cost 168 process spawns and prove nothing one run does not. To run a
 *   timer at each slot with the world as it was then, advance the clock one slot at a time.
 * - `every` fires once per slot passed (at most {@link MAX_SLOTS_PER_MOVE} per move), each event stamped with
 *   its slot time, for tests that count firings.
 */
import type { ServiceContext } from '../../types.js';
import type { FgsStore } from '../store/FgsStore.js';
import type { TriggerRow } from '../store/TriggerStore.js';
import { parseSchedule } from './schedule.js';

/** Bound on firings of one timer for one clock move in `every` mode. */
const MAX_SLOTS_PER_MOVE = 1000;

/** A timer's event_data as stored. */
interface TimerEventData {
  name: string;
  schedule_type: string;
  schedule: string;
  user_event?: string;
}

/** Something that queues an asynchronous invocation of a function (the engine's enqueue). */
type EnqueueInvocation = (ctx: ServiceContext, funcKey: string, event: unknown, source: string) => void;

/** `2018-06-01T08:30:00+00:00`: FunctionGraph's timer event time, in UTC. */
function eventTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** The slot after `afterMs` of an ACTIVE timer row (null for other rows). */
function nextFireOf(row: Pick<TriggerRow, 'trigger_type_code' | 'trigger_status' | 'event_data' | 'created_ms'>, afterMs: number): number | null {
  if (row.trigger_type_code !== 'TIMER' || row.trigger_status !== 'ACTIVE') return null;
  const data = JSON.parse(row.event_data) as TimerEventData;
  return parseSchedule(data.schedule_type, data.schedule, row.created_ms).next(afterMs) ?? null;
}

/** The timer event FunctionGraph hands the function. */
function timerEvent(data: TimerEventData, slotMs: number): Record<string, unknown> {
  return { version: 'v1.0', time: eventTime(slotMs), trigger_type: 'TIMER', trigger_name: data.name, user_event: data.user_event ?? '' };
}

/** The slots of `row` due at `nowMs`, per the catch-up mode. */
function dueSlots(row: TriggerRow, nowMs: number, mode: ServiceContext['config']['fgs_timer_catch_up']): number[] {
  const data = JSON.parse(row.event_data) as TimerEventData;
  const schedule = parseSchedule(data.schedule_type, data.schedule, row.created_ms);
  const first = row.next_fire_ms ?? nowMs;
  if (mode === 'collapse') return [schedule.last(nowMs) ?? first];
  const slots: number[] = [];
  for (let slot: number | undefined = first; slot !== undefined && slot <= nowMs && slots.length < MAX_SLOTS_PER_MOVE; slot = schedule.next(slot)) {
    slots.push(slot);
  }
  return slots;
}

/**
 * Fires every due timer, in slot order, and moves each to its next slot after `now`. Call inside a
 * transaction (a clock hook, or the scheduler's). Answers how many invocations were queued.
 */
function fireDueTimers(ctx: ServiceContext, store: FgsStore, enqueue: EnqueueInvocation): number {
  const nowMs = ctx.clock.now().getTime();
  const firings: { slot: number; row: TriggerRow }[] = [];
  for (const row of store.triggers.due(nowMs)) {
    if (row.trigger_status === 'ACTIVE') for (const slot of dueSlots(row, nowMs, ctx.config.fgs_timer_catch_up)) firings.push({ slot, row });
    store.triggers.setNextFire(row.trigger_id, nextFireOf(row, nowMs));
  }
  firings.sort((a, b) => a.slot - b.slot);
  for (const { slot, row } of firings) {
    enqueue(ctx, row.func_key, timerEvent(JSON.parse(row.event_data) as TimerEventData, slot), 'timer');
  }
  return firings.length;
}

export { eventTime, fireDueTimers, nextFireOf };
export type { EnqueueInvocation, TimerEventData };
