import { safeParse } from 'valibot';
import { describe, expect, it } from 'vitest';
import { describeIssues } from '../../lib/errors/index.js';
import { DEFAULT_RPS } from '../../lib/renewal/constants.js';
import { RenewalOptionsError, parseRenewalOptions } from '../../lib/renewal/options.js';
import { RenewalTimerEvent } from '../../lib/renewal/timerEvent.js';

function timerIssues(event: unknown): string[] {
  const result = safeParse(RenewalTimerEvent, event, { abortEarly: false });
  return result.success ? [] : describeIssues(result.issues).map((i) => `${i.path}: ${i.problem}`);
}

describe('Function: parseRenewalOptions', () => {
  it('fills every default', () => {
    expect(parseRenewalOptions(undefined)).toEqual({
      targets: undefined,
      leadMs: undefined,
      mode: 'auto',
      dryRun: false,
      maxKeys: undefined,
      concurrency: 4,
      rps: DEFAULT_RPS,
      verifyProbe: false,
      keyAttempts: 3,
      lock: true,
      lockTtlMs: 1_800_000,
      lockWaitMs: 60_000,
      fanout: undefined,
      windows: undefined,
      perTarget: false,
      resume: undefined,
      raw: {},
    });
  });

  it('parses every option', () => {
    const options = parseRenewalOptions({
      targets: [{ region: 'cn-north-4' }, { region: 'eu-west-101', project_id: 'a'.repeat(32) }],
      lead: '36h',
      mode: 'delete-first',
      dry_run: true,
      max_keys: 10,
      concurrency: 8,
      rps: { kms_import: 2, csms: 3 },
      verify_probe: true,
      key_attempts: 1,
      lock: false,
      lock_ttl_seconds: 600,
      lock_wait_seconds: 0,
      fanout: { threshold: 100, batch: 20 },
      window: ['Sun 02:00-04:00 UTC', 'daily 23:30-00:30 UTC'],
      per_target: true,
      resume: { phase: 'renew', skip: 400, hop: 2 },
    });
    expect(options).toMatchObject({
      targets: [{ region: 'cn-north-4' }, { region: 'eu-west-101', projectId: 'a'.repeat(32) }],
      leadMs: 36 * 3_600_000,
      mode: 'delete-first',
      dryRun: true,
      maxKeys: 10,
      concurrency: 8,
      rps: { ...DEFAULT_RPS, 'kms-import': 2, csms: 3 },
      verifyProbe: true,
      keyAttempts: 1,
      lock: false,
      lockTtlMs: 600_000,
      lockWaitMs: 0,
      fanout: { threshold: 100, batch: 20, intervalMs: 1_000 },
      windows: [
        { days: [0], startMinute: 120, lengthMinutes: 120 },
        { days: [0, 1, 2, 3, 4, 5, 6], startMinute: 23 * 60 + 30, lengthMinutes: 60 },
      ],
      perTarget: true,
      resume: { phase: 'renew', skip: 400, hop: 2 },
    });
  });

  it('applies a single rps number to every API group', () => {
    expect(Object.values(parseRenewalOptions({ rps: 7 }).rps)).toEqual([7, 7, 7, 7, 7]);
  });

  it.each([
    [{ mode: 'sideways' }, 'mode: one of auto, in-place, delete-first'],
    [{ window: 'Sunday 2-4' }, 'window: a weekly UTC window such as "Sun 02:00-04:00 UTC"'],
    [{ lead: 'never' }, 'lead: a duration such as 10d or 36h'],
    [{ lead: '10 days' }, 'lead: a duration such as 10d or 36h'],
    [{ concurrency: 0 }, 'concurrency: an integer from 1 to 64'],
    [{ rps: { kms_imprt: 2 } }, 'rps: a number (every API group) or'],
    [{ dry_run: 'yes' }, 'dry_run: true or false'],
    [{ targets: [] }, 'targets: a non-empty list of at most twenty'],
    [{ targets: [{ region: 'moon' }] }, 'targets[0].region: a region id'],
    [{ fanout: { threshold: 10 } }, 'fanout.batch: required'],
    [{ lead_days: 3 }, 'lead_days: unexpected field'],
  ])('refuses %j naming the field', (raw, expected) => {
    let error: unknown;
    try {
      parseRenewalOptions(raw);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RenewalOptionsError);
    expect((error as RenewalOptionsError).code).toBe('BYOK.INVALID_OPTIONS');
    expect((error as Error).message).toContain(expected);
    expect((error as Error).message).toMatch(/^renewal options refused, nothing was done/);
  });

  it('never echoes a refused value', () => {
    expect(() => parseRenewalOptions({ mode: 'SECRET-VALUE-123' })).toThrow(/^(?!.*SECRET-VALUE-123)/s);
  });
});

describe('Function: RenewalTimerEvent', () => {
  const timer = { version: 'v1.0', time: '2030-01-01T00:00:00+08:00', trigger_type: 'TIMER', trigger_name: 'renew' };

  it('reads options from user_event JSON', () => {
    const result = safeParse(RenewalTimerEvent, { ...timer, user_event: '{"mode":"in-place","lead":"5d"}' });
    expect(result.success && result.output.user_event).toMatchObject({ mode: 'in-place', leadMs: 5 * 86_400_000 });
  });

  it.each([{ ...timer, user_event: '' }, { ...timer, user_event: '  ' }, { ...timer }, {}])('uses the defaults for %j', (event) => {
    const result = safeParse(RenewalTimerEvent, event);
    expect(result.success && result.output.user_event).toMatchObject({ mode: 'auto', dryRun: false });
  });

  it.each([
    [{ ...timer, user_event: '{"mode":' }, 'user_event: a JSON object of renewal options'],
    [{ ...timer, user_event: '[1]' }, 'user_event: a JSON object of renewal options'],
    [{ ...timer, user_event: '{"mode":"fast"}' }, 'user_event.mode: one of auto, in-place, delete-first'],
    [{ ...timer, user_event: '{"dryrun":true}' }, 'user_event.dryrun: unexpected field'],
    [{ ...timer, user_event: { mode: 'auto' } }, 'user_event: a JSON object of renewal options'],
    [{ ...timer, trigger_type: 'SMN' }, 'trigger_type: TIMER'],
  ])('refuses %j', (event, expected) => {
    expect(timerIssues(event).join('; ')).toContain(expected);
  });
});
