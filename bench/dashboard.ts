/**
 * Dashboard benchmark (not a test): `node --import tsx bench/dashboard.ts [--keys N] [--sweeps N]`.
 * Prints plain `name: value` lines.
 *
 *  1. Writes a month of hourly sweeps over 1,000 keys (the deterministic fleet simulation of
 *     test/dashboard/fleetLog.ts: 720 sweeps, about 720k `renewal.key` lines) to a temporary file, and a tenth
 *     of it (72 sweeps) to another.
 *  2. Reads each in a fresh child process, as `byok dashboard --out` does (stream, aggregate, render the page):
 *     lines/s, MB/s, the page's size, and peak RSS. Memory follows the number of keys, not of lines, so the
 *     peak RSS of the full month over that of the tenth should stay near 1 while the lines grow tenfold.
 *  3. In the month's child: a live refresh with nothing new, and one after a sweep is appended (what each load
 *     of `byok dashboard --serve` costs).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { LogTail, renderDashboardPage } from '../lib/dashboard/index.js';
import { FleetSimulation } from '../test/dashboard/fleetLog.js';

const MB = 1024 * 1024;

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

/** Writes the simulated log with backpressure; answers its line count. */
async function writeLog(path: string, keys: number, sweeps: number): Promise<number> {
  const out = createWriteStream(path);
  const simulation = new FleetSimulation({ keys, sweeps, seed: 2026, killEvery: 101 });
  let batch = '';
  for (const line of simulation.lines()) {
    batch += `${line}\n`;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
  return simulation.truth.lines;
}

interface ReadResult {
  lines: number;
  keys: number;
  sweeps: number;
  readMs: number;
  renderMs: number;
  pageBytes: number;
  peakRssMb: number;
  idleRefreshMs?: number;
  appendRefreshMs?: number;
  appendedLines?: number;
}

/** Child: read one file as the command does, then (optionally) time live refreshes. */
async function readChild(path: string, appendSweep: string | undefined): Promise<void> {
  const startedMs = performance.now();
  const tail = new LogTail([path]);
  await tail.refresh();
  const model = tail.model();
  const readMs = performance.now() - startedMs;
  const renderStartMs = performance.now();
  const page = renderDashboardPage(model);
  const renderMs = performance.now() - renderStartMs;
  const result: ReadResult = {
    lines: model.sources.lines,
    keys: model.fleet.keys,
    sweeps: model.fleet.sweeps,
    readMs,
    renderMs,
    pageBytes: Buffer.byteLength(page),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  if (appendSweep !== undefined) {
    let at = performance.now();
    await tail.refresh();
    result.idleRefreshMs = performance.now() - at;
    await appendFile(path, appendSweep);
    at = performance.now();
    await tail.refresh();
    tail.model();
    result.appendRefreshMs = performance.now() - at;
    result.appendedLines = appendSweep.split('\n').length - 1;
  }
  console.log(JSON.stringify(result));
}

function runChild(path: string, appendFrom: string | undefined): Promise<ReadResult> {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--read-child', path, ...(appendFrom ? ['--append-from', appendFrom] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) as string)) : reject(new Error(`child exited ${code}`))));
  });
}

/** One sweep's lines of a small fleet, to append to the month (ts later than the month's end). */
function oneMoreSweep(keys: number): string {
  const simulation = new FleetSimulation({ keys, sweeps: 1, seed: 9, startMs: Date.UTC(2026, 2, 1), noise: false });
  return `${[...simulation.lines()].join('\n')}\n`;
}

async function main(): Promise<void> {
  const keys = argument('keys', 1_000);
  const sweeps = argument('sweeps', 720);
  const dir = mkdtempSync(join(tmpdir(), 'byok-bench-dashboard-'));
  try {
    console.log(`dashboard benchmark: ${keys} keys, hourly sweeps; a tenth (${Math.round(sweeps / 10)} sweeps) and the whole (${sweeps} sweeps)`);
    const results: Array<[string, ReadResult, number]> = [];
    for (const [label, n] of [['tenth', Math.round(sweeps / 10)], ['month', sweeps]] as const) {
      const path = join(dir, `${label}.log`);
      const startedMs = performance.now();
      const lines = await writeLog(path, keys, n);
      const bytes = statSync(path).size;
      console.log(`${label}: wrote ${lines} lines, ${(bytes / MB).toFixed(1)} MB in ${((performance.now() - startedMs) / 1000).toFixed(1)} s (simulation, not measured below)`);
      const appendFrom = label === 'month' ? join(dir, 'append.log') : undefined;
      if (appendFrom !== undefined) await appendFile(appendFrom, oneMoreSweep(keys));
      const result = await runChild(path, appendFrom);
      results.push([label, result, bytes]);
      const seconds = result.readMs / 1000;
      console.log(`${label} read + aggregate: ${result.lines} lines in ${seconds.toFixed(2)} s = ${Math.round(result.lines / seconds)} lines/s, ${(bytes / MB / seconds).toFixed(1)} MB/s`);
      console.log(`${label} model: ${result.keys} keys, ${result.sweeps} sweeps; page ${(result.pageBytes / 1024).toFixed(0)} KB, rendered in ${result.renderMs.toFixed(0)} ms`);
      console.log(`${label} peak RSS of the reading process MB: ${result.peakRssMb.toFixed(1)}`);
      if (result.appendRefreshMs !== undefined) {
        console.log(`${label} live refresh with nothing appended ms: ${result.idleRefreshMs?.toFixed(1)}; after appending one sweep (${result.appendedLines} lines) ms: ${result.appendRefreshMs.toFixed(1)}`);
      }
    }
    const [tenth, month] = results.map(([, r]) => r) as [ReadResult, ReadResult];
    console.log(`lines month / tenth: ${(month.lines / tenth.lines).toFixed(2)}; peak RSS month / tenth: ${(month.peakRssMb / tenth.peakRssMb).toFixed(2)} (flat memory: near 1)`);
    console.log(`page size month / tenth: ${(month.pageBytes / tenth.pageBytes).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--read-child');
if (childAt !== -1) {
  const appendAt = process.argv.indexOf('--append-from');
  const appendFrom = appendAt === -1 ? undefined : (process.argv[appendAt + 1] as string);
  const { readFile } = await import('node:fs/promises');
  await readChild(process.argv[childAt + 1] as string, appendFrom === undefined ? undefined : await readFile(appendFrom, 'utf8'));
} else {
  await main();
}
