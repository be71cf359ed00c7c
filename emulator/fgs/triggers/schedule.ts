/**
 * TIMER schedules as FunctionGraph reads them (API reference "Creating a Trigger", user guide "Cron Expressions
 * for a Function Timer Trigger"):
 *
 * - `schedule_type` is `Rate` or `Cron`, exactly (FunctionGraph answers 400 to `CRON`).
 * - Rate: `<n>m` (1–60), `<n>h` (1–24), `<n>d` (1–30), counted from the trigger's creation.
 * - Cron: six fields, SECONDS first (`sec min hour day-of-month month [day-of-week]`, the last optional), with
 *   `* , - / ?`, month and weekday names (`JAN`, `MON-FRI`), an optional `CRON_TZ=<IANA zone> ` prefix (default
 *   UTC), or `@every <duration>` (Go durations: `30m`, `1.5h`, `2h30m`). An hour field mixing a list and a range
 *   (`14-23,0`) is refused, as deploy reports show FunctionGraph doing.
 *
 * Cron expressions are evaluated by croner (6-part mode, `a/b` steps allowed).
 */
import { Cron } from 'croner';

/** A schedule's slots: epoch ms instants. */
interface Schedule {
  /** The first slot strictly after `afterMs`, or undefined when there is none. */
  next(afterMs: number): number | undefined;
  /** The last slot at or before `atMs`, or undefined. */
  last(atMs: number): number | undefined;
}

/** Thrown for a schedule FunctionGraph would refuse; the message names what is wrong. */
class ScheduleError extends Error {
  override readonly name = 'ScheduleError';
}

const RATE = /^([1-9]\d{0,2})([mhd])$/;
const RATE_BOUNDS = { m: [60, 60_000], h: [24, 3_600_000], d: [30, 86_400_000] } as const;
const EVERY = /^@every\s+((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const TZ_PREFIX = /^(?:CRON_TZ|TZ)=(\S+)\s+/;

/** Slots every `periodMs` from `anchorMs`. */
function periodic(anchorMs: number, periodMs: number): Schedule {
  return {
    next: (after) => anchorMs + (Math.floor((after - anchorMs) / periodMs) + 1) * periodMs,
    last: (at) => (at < anchorMs ? undefined : anchorMs + Math.floor((at - anchorMs) / periodMs) * periodMs),
  };
}

function rate(expression: string, anchorMs: number): Schedule {
  const match = RATE.exec(expression);
  if (match === null) throw new ScheduleError('a Rate schedule is <n>m (1-60), <n>h (1-24) or <n>d (1-30), e.g. 5m');
  const [max, unitMs] = RATE_BOUNDS[match[2] as keyof typeof RATE_BOUNDS];
  const n = Number(match[1]);
  if (n > max) throw new ScheduleError(`a Rate schedule in ${match[2]} is at most ${max}`);
  return periodic(anchorMs, n * unitMs);
}

function every(expression: string, anchorMs: number): Schedule {
  const match = EVERY.exec(expression.trim());
  if (match === null) throw new ScheduleError('an @every schedule is @every <duration>, e.g. @every 30m or @every 2h30m');
  let total = 0;
  for (const part of (match[1] ?? '').matchAll(DURATION_PART)) total += Number(part[1]) * (UNIT_MS[part[2] ?? ''] ?? 0);
  const periodMs = Math.round(total / 1000) * 1000;
  if (periodMs < 1000) throw new ScheduleError('an @every schedule is at least 1s');
  return periodic(anchorMs, periodMs);
}

function cron(expression: string): Schedule {
  let text = expression.trim();
  let timezone = 'UTC';
  const tz = TZ_PREFIX.exec(text);
  if (tz !== null) {
    timezone = tz[1] ?? 'UTC';
    text = text.slice(tz[0].length);
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    throw new ScheduleError('a Cron schedule has six fields, seconds first: sec min hour day-of-month month [day-of-week]');
  }
  if (fields.length === 5) fields.push('*');
  const hour = fields[2] ?? '';
  if (hour.includes(',') && hour.includes('-')) throw new ScheduleError('the hour field may not mix a list and a range');
  let job: Cron;
  try {
    job = new Cron(fields.join(' '), { paused: true, mode: '6-part', sloppyRanges: true, timezone });
  } catch (error) {
    throw new ScheduleError(`not a valid Cron schedule (${(error as Error).message.replace(/^CronPattern: /, '')})`);
  }
  const probe = job.nextRun(new Date(0));
  if (probe === null) throw new ScheduleError('the Cron schedule never fires');
  return {
    next: (after) => job.nextRun(new Date(after))?.getTime(),
    last: (at) => job.previousRuns(1, new Date(at + 1))[0]?.getTime(),
  };
}

/**
 * Parses a TIMER schedule. `anchorMs` (the trigger's creation) anchors Rate and @every slots.
 *
 * @example
 * parseSchedule('Cron', '0 30 12 ? * MON-FRI', created).next(now)
 */
function parseSchedule(type: string, expression: string, anchorMs: number): Schedule {
  if (type === 'Rate') return rate(expression.trim(), anchorMs);
  if (type === 'Cron') return expression.trim().startsWith('@') ? every(expression, anchorMs) : cron(expression);
  throw new ScheduleError('schedule_type is Rate or Cron (exactly)');
}

export { ScheduleError, parseSchedule };
export type { Schedule };
