/**
 * `npm start` as a person runs it: `node cli/byok.js start` as a child process on a fresh data folder, deployed
 * functions and all. Two runs on one folder, in order: `--once` piped (~40 s: deploy, seed, 24 ticks), then an
 * endless run on a pseudo-terminal (`script`) stopped with Ctrl-C after its second tick (~15 s: resumes, nothing
 * redeployed).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import { byokInProcess } from '../helpers/cli.js';

const BYOK = resolve(import.meta.dirname, '../../cli/byok.js');
const FLEET_SIZE = 12;

interface Tick {
  tick: number;
  time: string;
  sweep: { scanned: number; renewed: number; recovered: number; failed: number } | null;
  keys: { alias: string; key_id: string; state: string; days_left: number | null; last_action: string }[];
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Everything the runs printed, scanned for the secret key at the end. */
const outputs: string[] = [];

/** The environment of a person without Huawei credentials. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('HUAWEICLOUD_SDK_') || name.startsWith('BYOK_')) delete env[name];
  return env;
}

/** Runs `file args`, calling `onStdout` with everything printed so far (it may type into the child's input). */
function run(file: string, args: string[], onStdout?: (soFar: string, type: (text: string) => void) => void): Promise<Run> {
  return new Promise<Run>((done, fail) => {
    const child = spawn(file, args, { env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, (text) => void child.stdin.write(text));
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  }).then((result) => {
    outputs.push(result.stdout, result.stderr);
    return result;
  });
}

function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// ANSI control sequences (cursor moves, clears) and carriage returns: what a terminal does not show as text.
const invisible = (text: string): string => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

describe('Command: byok start (the main job, deployed, on the embedded cloud)', () => {
  const home = mkdtempSync(join(tmpdir(), 'byok-start-'));
  const dataFile = join(home, '.byok', 'emulator.db');
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('--once on a fresh folder deploys, seeds, and the deployed timer leaves no key in Pending import (JSON lines when piped)', async () => {
    // Act
    const result = await run(process.execPath, [BYOK, 'start', '--once', '--data', dataFile]);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const ticks = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Tick);
    expect(ticks.map((t) => t.tick)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(statSync(join(home, '.byok')).mode & 0o777).toBe(0o700);
    expect(result.stderr).toMatch(/create-key +function byok-keeper-dev-create-key created/);
    expect(result.stderr).toContain(`seeded ${FLEET_SIZE} keys`);
    expect(result.stderr).toContain(join(home, '.byok', 'emulator.fgs', 'logs', 'default'));
    // Seeded: a dozen keys, one of them in Pending import before the first tick; the timer recovers it in tick 1.
    const [first, second, last] = [ticks[0]!, ticks[1]!, ticks.at(-1)!];
    expect(first.keys).toHaveLength(FLEET_SIZE);
    expect(first.sweep).toBeNull();
    expect(first.keys.filter((k) => k.state === 'PendingImport').map((k) => k.alias)).toEqual(['demo-legacy']);
    expect(second.sweep).toMatchObject({ scanned: FLEET_SIZE, recovered: 1, failed: 0 });
    expect(second.keys.find((k) => k.alias === 'demo-legacy')).toMatchObject({ state: 'Enabled', last_action: 'recovered' });
    // Over the day the timer renewed the short-lived keys before they expired, and nothing failed.
    expect(ticks.reduce((n, t) => n + (t.sweep?.renewed ?? 0), 0)).toBeGreaterThanOrEqual(5);
    expect(ticks.every((t) => t.tick === 0 || t.sweep?.failed === 0)).toBe(true);
    expect(last.keys.every((k) => k.state === 'Enabled' && (k.days_left ?? 0) > 0)).toBe(true);
    expect(Date.parse(last.time) - Date.parse(first.time)).toBe(24 * 3_600_000);
  }, 180_000);

  it.skipIf(!hasScript())('resumes on a terminal, redraws the table in place, and stops on Ctrl-C with exit code 0', async () => {
    // Act: script(1) gives the command a pseudo-terminal; Ctrl-C typed into it after the table was redrawn twice.
    // `exec`: script runs the command through $SHELL, and a shell left waiting in between (dash, when SHELL is
    // unset) would itself be killed by the Ctrl-C and report 130 whatever byok did.
    const command = ['exec', process.execPath, BYOK, 'start', '--speed', '20', '--dashboard-port', '0', '--data', dataFile].map((arg) => `'${arg}'`).join(' ');
    let typed = false;
    const result = await run('script', ['-qec', command, '/dev/null'], (soFar, type) => {
      if (!typed && (soFar.match(/\x1b\[\d+F\x1b\[0J/g) ?? []).length >= 2) {
        typed = true;
        type('\x03');
      }
    });

    // Assess
    expect(typed).toBe(true);
    expect(result.code, result.stdout).toBe(0);
    const screen = invisible(result.stdout);
    expect(screen).toContain('Nothing changed: FunctionGraph already matches serverless.yml (no code uploaded).');
    expect(screen).toContain('the demo fleet is there already: resuming');
    expect(screen).not.toContain('seeding');
    expect(screen).toMatch(/alias +state +expires \(UTC\) +days left +last action/);
    expect(screen).toMatch(/demo-legacy +Enabled +\d{4}-\d\d-\d\d \d\d:\d\d +\d+\.\d\d +(renewed|recovered) /);
    expect(screen).toContain(`${FLEET_SIZE} keys, 0 in Pending import`);
    expect(screen).toMatch(/dashboard http:\/\/127\.0\.0\.1:\d+\/ +Ctrl-C stops; npm start resumes/);
    expect(screen).not.toMatch(/byok start:|Error/);
    expect(result.stdout).not.toMatch(/"tick":/);
  }, 180_000);

  it('never prints the embedded cloud\'s secret key (it reaches osls only through its environment)', async () => {
    const emulator = await startEmulator({ dataFile, clock: 'virtual' });
    await emulator.close();
    expect(outputs.length).toBeGreaterThanOrEqual(4);
    for (const output of outputs) expect(output).not.toContain(emulator.sk);
  });

  it('refuses bad options with one line and exit code 2 (bad usage)', async () => {
    const zero = await byokInProcess(['start', '--days', '0', '--data', join(home, 'x.db')], {});
    const both = await byokInProcess(['start', '--once', '--days', '2'], {});
    const slow = await byokInProcess(['start', '--speed', 'fast'], {});
    expect([zero.code, zero.stderr]).toEqual([2, 'byok start: --days must be a whole number from 1 to 365\n']);
    expect([both.code, both.stderr]).toEqual([2, 'byok start: give --once or --days, not both\n']);
    expect([slow.code, slow.stderr]).toEqual([2, 'byok start: --speed must be a number from 0.1 to 3600 (simulated hours per second)\n']);
  });
});
