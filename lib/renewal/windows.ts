/**
 * Maintenance windows (option `window`, e.g. `Sun 02:00-04:00 UTC`): weekly spans outside which a delete-first
 * renewal — the one that leaves a key without material for a moment — is not started (docs/renewal.md#windows).
 * A window may cross midnight (`Sat 23:00-01:00 UTC` ends on Sunday); `daily` means every day.
 */

/** One weekly window: the days it opens on (0 = Sunday), its opening and its length, in minutes. */
interface MaintenanceWindow {
  days: readonly number[];
  startMinute: number;
  lengthMinutes: number;
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const WINDOW = /^(sun|mon|tue|wed|thu|fri|sat|daily)\s+([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)\s+utc$/i;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const MS_PER_WEEK = 7 * MS_PER_DAY;
/** 1970-01-04 was a Sunday: weeks are counted from it. */
const FIRST_SUNDAY_MS = 3 * MS_PER_DAY;

/** What the option accepts, for error messages. */
const WINDOW_HINT = 'a weekly UTC window such as "Sun 02:00-04:00 UTC" (Mon..Sun or daily; HH:MM-HH:MM, end 24:00 at most)';

/** Parses one window; `undefined` when the text is not one. */
function parseWindow(text: string): MaintenanceWindow | undefined {
  const match = WINDOW.exec(text.trim());
  if (match === null) return undefined;
  const [, day = '', h1 = '', m1 = '', h2 = '', m2 = ''] = match;
  const startMinute = Number(h1) * 60 + Number(m1);
  const endMinute = Number(h2) * 60 + Number(m2);
  if (endMinute > 24 * 60 || endMinute === startMinute) return undefined;
  const lengthMinutes = endMinute > startMinute ? endMinute - startMinute : endMinute + 24 * 60 - startMinute;
  const days = day.toLowerCase() === 'daily' ? [0, 1, 2, 3, 4, 5, 6] : [DAYS.indexOf(day.toLowerCase() as (typeof DAYS)[number])];
  return { days, startMinute, lengthMinutes };
}

/** The openings of `window` in the week that starts at `weekStartMs`, as epoch ms. */
function openingsInWeek(window: MaintenanceWindow, weekStartMs: number): number[] {
  return window.days.map((day) => weekStartMs + day * MS_PER_DAY + window.startMinute * MS_PER_MINUTE);
}

function weekStartOf(atMs: number): number {
  return FIRST_SUNDAY_MS + Math.floor((atMs - FIRST_SUNDAY_MS) / MS_PER_WEEK) * MS_PER_WEEK;
}

/** True when `at` falls inside one of the windows. */
function isInWindow(windows: readonly MaintenanceWindow[], atMs: number): boolean {
  const week = weekStartOf(atMs);
  return windows.some((w) =>
    [week - MS_PER_WEEK, week].some((start) => openingsInWeek(w, start).some((open) => atMs >= open && atMs < open + w.lengthMinutes * MS_PER_MINUTE)),
  );
}

/** The first opening at or after `atMs`. */
function nextOpening(windows: readonly MaintenanceWindow[], atMs: number): number {
  const week = weekStartOf(atMs);
  const candidates = windows.flatMap((w) => [week, week + MS_PER_WEEK].flatMap((start) => openingsInWeek(w, start))).filter((open) => open >= atMs);
  return Math.min(...candidates);
}

/** How many openings fall in [fromMs, toMs). */
function openingsBetween(windows: readonly MaintenanceWindow[], fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  const perWeek = windows.reduce((n, w) => n + w.days.length, 0);
  const before = (atMs: number): number => {
    const week = weekStartOf(atMs);
    const full = Math.round((week - FIRST_SUNDAY_MS) / MS_PER_WEEK) * perWeek;
    return full + windows.reduce((n, w) => n + openingsInWeek(w, week).filter((open) => open < atMs).length, 0);
  };
  return before(toMs) - before(fromMs);
}

export { WINDOW_HINT, isInWindow, nextOpening, openingsBetween, parseWindow };
export type { MaintenanceWindow };
