/**
 * `byok renew --window` and `byok plan --window` on the embedded cloud (virtual clock): a delete-first renewal
 * waits for a maintenance window (deferred, exit 1, the next opening named), runs inside one, and a window that is
 * not one is refused in one sentence (exit 2). Cost: ~3 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byokInProcess, embeddedEnv } from '../helpers/cli.js';
import type { CliOutcome } from '../helpers/cli.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const two = (n: number): string => String(n).padStart(2, '0');

describe('Command: renew and plan with maintenance windows', () => {
  let dir: string;
  let dataFile: string;
  const byok = (...args: string[]): Promise<CliOutcome> => byokInProcess(args, embeddedEnv(dataFile, 'virtual'));
  /** The embedded cloud's virtual time, as `byok emulator clock` prints it. */
  const now = async (): Promise<Date> => new Date((await byok('emulator', 'clock')).stdout.split(' ')[0]!);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'byok-window-'));
    dataFile = join(dir, 'emulator.db');
    expect((await byok('secret', 'put', '--name', 'w-key', '--generate')).code).toBe(0);
    expect((await byok('onboard', '--alias', 'w', '--secret', 'w-key', '--ttl', '30d')).code).toBe(0);
    // 25 days on, the key (lead 10 days) is due, with 5 days left.
    expect((await byok('emulator', 'clock', '+25d')).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('outside every window a delete-first renewal is deferred to the next opening, and the exit code says so', async () => {
    // Prepare: a window two days from today's weekday
    const today = await now();
    const window = `${DAYS[(today.getUTCDay() + 2) % 7]} 02:00-03:00 UTC`;

    // Act
    const run = await byok('renew', '--mode', 'delete-first', '--window', window, '--json');
    const plan = await byok('plan', '--window', window);

    // Assess
    expect(run.code).toBe(1);
    const key = JSON.parse(run.stdout).keys[0];
    expect(key).toMatchObject({ alias: 'w', outcome: 'deferred', error_code: 'BYOK.OUTSIDE_WINDOW' });
    const opening = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 2, 2));
    expect(key.error_message).toContain(opening.toISOString());
    // One window in five days: the plan warns that the lead covers fewer than three.
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/w .* renew .*the lead covers 1 maintenance window\(s\) before expiry \(fewer than 3\)/);
  });

  it('inside a window the renewal runs (exit 0)', async () => {
    // Prepare: a window around this hour, on today's weekday
    const today = await now();
    const window = `${DAYS[today.getUTCDay()]} ${two(today.getUTCHours())}:00-${two(today.getUTCHours() + 1)}:00 UTC`;

    // Act
    const run = await byok('renew', '--mode', 'delete-first', '--window', window, '--window', 'daily 00:00-00:30 UTC', '--json');

    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).keys[0]).toMatchObject({ alias: 'w', outcome: 'renewed', mode_used: 'delete-first' });
  });

  it('refuses a window that is not one, in one sentence (exit 2)', async () => {
    const run = await byok('renew', '--window', 'Funday 1-2');

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('byok renew: --window must be a weekly UTC window such as "Sun 02:00-04:00 UTC" (Mon..Sun or daily; HH:MM-HH:MM, end 24:00 at most)\n');
  });
});
