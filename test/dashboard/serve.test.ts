import { appendFileSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDashboard } from '../../lib/dashboard/serveDashboard.js';
import type { DashboardServer } from '../../lib/dashboard/serveDashboard.js';
import { FleetSimulation } from './fleetLog.js';

interface Answer {
  status: number;
  type: string | undefined;
  body: string;
}

function get(url: string, init: { method?: string; host?: string } = {}): Promise<Answer> {
  return new Promise((done, fail) => {
    const target = new URL(url);
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: init.method ?? 'GET', headers: init.host ? { host: init.host } : {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
      },
    );
    req.on('error', fail);
    req.end();
  });
}

const modelOf = async (server: DashboardServer): Promise<{ rev: number; fleet: { keys: number; sweeps: number }; keys: { count: number } }> =>
  JSON.parse((await get(`${server.url}model.json`)).body);

describe('Function: serveDashboard', () => {
  let dir: string;
  let log: string;
  let lines: string[];
  let server: DashboardServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'byok-dashboard-serve-'));
    log = join(dir, 'fleet.log');
    lines = [...new FleetSimulation({ keys: 20, sweeps: 10, seed: 5, noise: false }).lines()];
    writeFileSync(log, `${lines.slice(0, -1).join('\n')}\n`);
    server = await serveDashboard({ logs: [log], port: 0, minReadIntervalMs: 0, refreshSeconds: 2 });
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the live page on 127.0.0.1, with the model inside and a policy that lets it fetch only itself', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get(server.url);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('"live":{"interval_s":2}');
    expect(page.body).toContain("connect-src 'self'");
  });

  it('reads what was appended since the last request (a new revision), and only that', async () => {
    const before = await modelOf(server);
    expect(before.fleet).toMatchObject({ keys: 20, sweeps: 9 });
    expect((await modelOf(server)).rev).toBe(before.rev);
    appendFileSync(log, `${lines.at(-1)}\n`);
    const after = await modelOf(server);
    expect(after.fleet.sweeps).toBe(10);
    expect(after.rev).toBeGreaterThan(before.rev);
  });

  it('starts over when the log is replaced by a shorter one (a new npm start run)', async () => {
    writeFileSync(log, `${lines.slice(0, 30).join('\n')}\n`);
    const model = await modelOf(server);
    expect(model.fleet.sweeps).toBe(1);
    expect(model.keys.count).toBe(20);
  });

  it('starts over when the log is rewritten in place and has grown past where it was read to', async () => {
    const other = [...new FleetSimulation({ keys: 25, sweeps: 12, seed: 6, noise: false }).lines()];
    writeFileSync(log, `${other.join('\n')}\n`);
    expect((await modelOf(server)).fleet).toMatchObject({ keys: 25, sweeps: 12 });
  });

  it('reads a log that was removed as empty instead of failing', async () => {
    unlinkSync(log);
    const model = await modelOf(server);
    expect(model.fleet).toMatchObject({ keys: 0, sweeps: 0 });
    writeFileSync(log, `${lines.join('\n')}\n`);
    expect((await modelOf(server)).fleet.sweeps).toBe(10);
  });

  it('answers only GET on its two paths, and only under its own host name', async () => {
    expect((await get(`${server.url}other`)).status).toBe(404);
    expect((await get(server.url, { method: 'POST' })).status).toBe(405);
    expect((await get(server.url, { host: 'attacker.example:80' })).status).toBe(421);
    const port = new URL(server.url).port;
    expect((await get(server.url, { host: `localhost:${port}` })).status).toBe(200);
  });

  it('refuses to start on a log file that does not exist', async () => {
    await expect(serveDashboard({ logs: [join(dir, 'missing.log')] })).rejects.toMatchObject({ name: 'LogFileError', fileIndex: 0, reason: 'ENOENT' });
  });
});
