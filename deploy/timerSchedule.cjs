'use strict';
/**
 * A timer event's schedule as FunctionGraph's TIMER trigger wants it: `schedule_type` exactly `Rate` or `Cron`
 * (other casings are refused with HTTP 400), a rate of `<n>m` (1–60), `<n>h` (1–24) or `<n>d` (1–30), or a cron
 * expression of six fields, seconds first, optionally prefixed `CRON_TZ=<zone> ` (docs/huawei-api.md, timer).
 */
const { RATE_UNITS } = require('./limits.cjs');

const CRON_FIELD = /^[0-9A-Za-z*?,/#-]+$/;
const CRON_TZ = /^CRON_TZ=[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*\s+/;

function checkRate(rate, field, problems) {
  const m = /^(\d{1,3})([mhd])$/.exec(rate);
  const max = m ? RATE_UNITS[m[2]] : undefined;
  if (!m || Number(m[1]) < 1 || Number(m[1]) > max) {
    problems.push(`${field}.rate must be <n>m (1-60), <n>h (1-24) or <n>d (1-30), got ${rate}`);
  }
}

function checkCron(cron, field, problems) {
  const fields = cron.replace(CRON_TZ, '').trim().split(/\s+/);
  if (fields.length !== 6) {
    problems.push(`${field}.cron must have six fields, seconds first (sec min hour day month weekday, e.g. "0 0 * * * ?"), got ${fields.length}`);
  } else if (!fields.every((f) => CRON_FIELD.test(f))) {
    problems.push(`${field}.cron fields may hold only digits, names and * ? , - / #`);
  }
}

/**
 * `{ schedule_type, schedule }` for a timer event, or `undefined` after pushing what is wrong onto `problems`.
 *
 * @example
 * timerSchedule({ name: 'hourly', rate: '1h' }, 'functions.renew-expiring.events[0].timer', [])
 * // { schedule_type: 'Rate', schedule: '1h' }
 */
function timerSchedule(timer, field, problems) {
  const before = problems.length;
  if ((timer.rate === undefined) === (timer.cron === undefined)) {
    problems.push(`${field} needs exactly one of rate (e.g. 1h) or cron (six fields, seconds first)`);
    return undefined;
  }
  if (timer.rate !== undefined) checkRate(timer.rate, field, problems);
  else checkCron(timer.cron, field, problems);
  if (problems.length > before) return undefined;
  return timer.rate !== undefined ? { schedule_type: 'Rate', schedule: timer.rate } : { schedule_type: 'Cron', schedule: timer.cron.trim() };
}

module.exports = { timerSchedule };
