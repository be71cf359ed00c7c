import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byokInProcess } from '../helpers/cli.js';
import { FleetSimulation } from './fleetLog.js';

const BYOK = resolve(import.meta.dirname, '../../cli/byok.js');

/** `byok dashboard` with no option, as a child process in `cwd`. */
function dashboardIn(cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BYOK, 'dashboard'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('Command: byok dashboard', () => {
  let dir: string;
  let log: string;
  let keys: number;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'byok-dashboard-cli-'));
    log = join(dir, 'fleet.log');
    const simulation = new FleetSimulation({ keys: 40, sweeps: 30, seed: 3 });
    writeFileSync(log, `${[...simulation.lines()].join('\n')}\nnot json\n`);
    keys = simulation.truth.keys.size;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the page and says what it holds', async () => {
    const out = join(dir, 'page', 'fleet.html');
    const result = await byokInProcess(['dashboard', '--logs', log, '--out', out], {});
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^wrote .*fleet\\.html: ${keys} keys, 30 sweeps from \\d+ lines \\(1 skipped\\), \\d+ KB\\n$`));
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>[\s\S]*id="byok-model"/);
  });

  it('prints its usage for --help', async () => {
    const result = await byokInProcess(['dashboard', '--help'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: byok dashboard \[--logs FILE\]\.\.\. \[--out FILE\] \[--serve \[PORT\]\]/);
  });

  it.each([
    [['--logs', 'sk-SECRET-LOOKING-PATH'], 'byok dashboard: cannot read --logs file 1: no such file\n'],
    [['--logs', 'FIRST', '--logs', 'sk-SECRET-LOOKING-PATH'], 'byok dashboard: cannot read --logs file 1: no such file\n'],
    [['--serve', 'sk-SECRET-LOOKING-PORT'], 'byok dashboard: --serve must be a whole number from 0 to 65535\n'],
    [['--refresh', '0'], 'byok dashboard: --refresh must be a whole number from 1 to 3600\n'],
    [['--bogus', 'sk-SECRET-LOOKING-VALUE'], 'byok dashboard: unknown option --bogus (see --help); did you mean --logs?\n'],
    [['--logs'], 'byok dashboard: option --logs needs a value\n'],
  ])('fails with one line that echoes no value: %j', async (args, stderr) => {
    const result = await byokInProcess(['dashboard', ...args], {});
    expect(result).toEqual({ code: 2, stdout: '', stderr });
  });

  it('names the second --logs file when it is the one missing', async () => {
    const result = await byokInProcess(['dashboard', '--logs', log, '--logs', join(dir, 'sk-SECRET'), '--out', join(dir, 'x.html')], {});
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'byok dashboard: cannot read --logs file 2: no such file\n' });
  });

  it('without --logs says to run npm start when npm start\'s function logs are missing', async () => {
    const result = await dashboardIn(dir);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'byok dashboard: no --logs given and .byok/emulator.fgs/logs/default holds no logs: run `npm start` first, or pass --logs FILE\n' });
  });

  it('without --logs reads every log of npm start\'s deployed functions', async () => {
    // Prepare: a working folder whose embedded FunctionGraph wrote two function logs
    const cwd = mkdtempSync(join(tmpdir(), 'byok-dashboard-default-'));
    const logs = join(cwd, '.byok', 'emulator.fgs', 'logs', 'default');
    mkdirSync(logs, { recursive: true });
    writeFileSync(join(logs, 'byok-keeper-demo-renew-expiring.log'), readFileSync(log));
    writeFileSync(join(logs, 'byok-keeper-demo-on-event.log'), '');

    // Act
    const result = await dashboardIn(cwd);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^wrote .*dashboard\\.html: ${keys} keys, 30 sweeps`));
    expect(readFileSync(join(cwd, '.byok', 'dashboard.html'), 'utf8')).toContain('<!doctype html>');
    rmSync(cwd, { recursive: true, force: true });
  });
});
