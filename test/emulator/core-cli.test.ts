import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { signedRequest } from '../helpers/emulator.js';

const BYOK = join(import.meta.dirname, '..', '..', 'cli', 'byok.js');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function collect(child: ChildProcess): Promise<Exit> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(line));
    child.once('exit', (code) => reject(new Error(`byok emulator exited (${code}) before printing`)));
  });
}

describe('Command: byok emulator', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('prints one JSON line with --json --print-credentials, serves signed requests and exits 0 on SIGTERM', async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'byok-cli-'));
    const dataFile = join(dir, 'emu.db');
    const start = '2030-01-01T00:00:00.000Z';
    const child = spawn(process.execPath, [BYOK, 'emulator', '--port', '0', '--data', dataFile, '--clock', 'virtual', '--start', start, '--json', '--print-credentials'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = firstLine(child);
    const exited = collect(child);

    // Act
    const facts = JSON.parse(await line) as Record<string, string>;
    const res = await signedRequest(
      { endpoint: facts.endpoint!, projectId: facts.project_id!, ak: facts.ak!, sk: facts.sk!, now: () => new Date(start) },
      'GET',
      '/_emulator/clock',
    );
    child.kill('SIGTERM');
    const exit = await exited;

    // Assess
    expect(Object.keys(facts)).toEqual(['endpoint', 'region', 'project_id', 'ak', 'sk']);
    expect(facts.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(facts.region).toBe('cn-north-4');
    expect(facts.project_id).toMatch(/^[0-9a-f]{32}$/);
    expect(facts.ak).toMatch(/^[A-Z0-9]{20}$/);
    expect(facts.sk).toHaveLength(40);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ now: start, mode: 'virtual' });
    expect(exit.code).toBe(0);
    expect(exit.stdout.trim().split('\n')).toHaveLength(1);
    expect(exit.stderr).toMatch(/development tool.*UNENCRYPTED/);
    expect(exit.stderr).not.toContain(facts.sk);
    expect(statSync(dataFile).mode & 0o777).toBe(0o600);
  });

  it('prints export lines for a shell, without the secret key unless asked', async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'byok-cli-'));
    const child = spawn(process.execPath, [BYOK, 'emulator', '--data', join(dir, 'emu.db')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = collect(child);

    // Act
    const lines: string[] = [];
    await new Promise<void>((done) =>
      createInterface({ input: child.stdout! }).on('line', (line) => {
        lines.push(line);
        if (lines.length === 5) done();
      }),
    );
    child.kill('SIGINT');
    const exit = await exited;

    // Assess
    expect(lines.map((l) => l.split('=')[0])).toEqual([
      'export BYOK_KMS_ENDPOINT',
      'export BYOK_FGS_ENDPOINT',
      'export BYOK_REGION',
      'export HUAWEICLOUD_SDK_PROJECT_ID',
      'export HUAWEICLOUD_SDK_AK',
    ]);
    expect(exit.stdout).not.toContain('HUAWEICLOUD_SDK_SK');
    expect(exit.stderr).toContain('HUAWEICLOUD_SDK_SK is not printed');
    expect(exit.code).toBe(0);
  });

  it('stops (with the functions it runs) when the npm/npx process that started it is killed', async () => {
    // Prepare: a shell standing in for npx (npm sets npm_command), killed outright as a dying npx would be.
    dir = mkdtempSync(join(tmpdir(), 'byok-cli-'));
    const pidFile = join(dir, 'emulator.pid');
    const parent = spawn('sh', ['-c', `node ${BYOK} emulator --data ${join(dir, 'emu.db')} 2>${join(dir, 'emulator.err')} & echo $! > ${pidFile}; wait`], {
      env: { ...process.env, npm_command: 'exec' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await new Promise<void>((done) => parent.stdout!.once('data', () => done()));
    const pid = Number(readFileSync(pidFile, 'utf8'));

    // Act
    parent.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    let alive = true;
    while (alive && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      // Gone, or a zombie waiting for whoever adopted it to reap it.
      let stat = '';
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        stat = '';
      }
      alive = stat !== '' && stat.split(') ')[1]?.[0] !== 'Z';
    }

    // Assess
    expect(alive).toBe(false);
  });

  it.each([
    ['an unknown clock mode', ['--clock', 'sundial'], /--clock must be real or virtual/],
    ['a port out of range', ['--port', '70000'], /--port must be an integer/],
    ['an unknown option', ['--colour'], /unknown option --colour/],
  ])('refuses %s with one line on stderr and exit code 2', async (_name, args, message) => {
    // Act
    const exit = await collect(spawn(process.execPath, [BYOK, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));

    // Assess
    expect(exit.code).toBe(2);
    expect(exit.stdout).toBe('');
    expect(exit.stderr.trim().split('\n')).toHaveLength(1);
    expect(exit.stderr).toMatch(message);
  });
});
