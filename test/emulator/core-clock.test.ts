import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { createEchoService } from './core-echoService.js';

const START = new Date('2030-01-01T00:00:00.000Z');

describe('Control surface: clock', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', start: START, services: [createEchoService] });
  });
  afterAll(() => emu.close());

  it('starts at the given instant and stands still', async () => {
    const first = await emu.request('GET', '/_emulator/clock');
    const second = await emu.request('GET', '/_emulator/clock');
    expect(first.body).toEqual({ now: START.toISOString(), mode: 'virtual' });
    expect(second.body.now).toBe(START.toISOString());
  });

  it('advances by seconds and runs the services’ clock hooks', async () => {
    // Prepare
    const before = (await emu.request('GET', '/v1.0/{project_id}/kms/count')).body.ticks as number;

    // Act
    const res = await emu.request('POST', '/_emulator/clock', { advance_seconds: 86_400 });

    // Assess
    expect(res.body.now).toBe('2030-01-02T00:00:00.000Z');
    const after = (await emu.request('GET', '/v1.0/{project_id}/kms/count')).body;
    expect(after.ticks).toBe(before + 1);
    expect(after.now).toBe('2030-01-02T00:00:00.000Z');
  });

  it('sets an ISO instant', async () => {
    const res = await emu.request('POST', '/_emulator/clock', { set: '2030-02-01T12:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.body.now).toBe('2030-02-01T12:00:00.000Z');
  });

  it.each([
    ['a move backwards', { set: '2029-01-01T00:00:00Z' }],
    ['a zero advance', { advance_seconds: 0 }],
    ['a negative advance', { advance_seconds: -5 }],
    ['both fields', { advance_seconds: 1, set: '2031-01-01T00:00:00Z' }],
    ['neither field', {}],
    ['a time that is not ISO', { set: 'tomorrow' }],
    ['an unknown field', { advance_seconds: 1, speed: 2 }],
  ])('refuses %s with 400 EMU.0400 and leaves the clock alone', async (_name, body) => {
    const before = (await emu.request('GET', '/_emulator/clock')).body.now;
    const res = await emu.request('POST', '/_emulator/clock', body);
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('EMU.0400');
    expect((await emu.request('GET', '/_emulator/clock')).body.now).toBe(before);
  });
});

describe('Control surface: clock in real mode', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ services: [createEchoService] });
  });
  afterAll(() => emu.close());

  it('reports the wall clock and refuses to move', async () => {
    // Act
    const read = await emu.request('GET', '/_emulator/clock');
    const move = await emu.request('POST', '/_emulator/clock', { advance_seconds: 60 });

    // Assess
    expect(read.body.mode).toBe('real');
    expect(Math.abs(Date.parse(read.body.now) - Date.now())).toBeLessThan(60_000);
    expect(move.status).toBe(400);
    expect(move.body.error_msg).toMatch(/virtual mode/);
  });
});

describe('Control surface: config', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ services: [createEchoService] });
  });
  afterAll(() => emu.close());

  it('merges, validates and hands the config to handlers', async () => {
    // Act
    await emu.setConfig({ reimport_enabled_key: 'reject', expiry_deletion_delay_seconds: 60 });

    // Assess
    const seen = (await emu.request('GET', '/v1.0/{project_id}/kms/count')).body.config;
    expect(seen).toEqual({
      reimport_enabled_key: 'reject',
      import_parameters_enabled_key: 'allow',
      resource_detail: 'full',
      describe_time_unit: 'ms',
      expiry_deletion_delay_seconds: 60,
      fgs_timer_catch_up: 'collapse',
      fgs_user_data_env: 'set',
    });
  });

  it.each([
    ['an unknown switch', { flavour: 'x' }],
    ['a bad enum value', { describe_time_unit: 'min' }],
    ['a value of another switch', { resource_detail: 'allow' }],
    ['a number for a word', { import_parameters_enabled_key: 1 }],
    ['a delay beyond 24 h', { expiry_deletion_delay_seconds: 86_401 }],
    ['a fractional delay', { expiry_deletion_delay_seconds: 1.5 }],
  ])('refuses %s and keeps the previous config', async (_name, body) => {
    const before = (await emu.request('GET', '/_emulator/config')).body;
    const res = await emu.request('POST', '/_emulator/config', body);
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('EMU.0400');
    expect((await emu.request('GET', '/_emulator/config')).body).toEqual(before);
  });
});

describe('Function: startEmulator (persistence)', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the data file (and its WAL) readable by the owner only', async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'byok-core-'));
    const dataFile = join(dir, 'nested', 'emulator.db');

    // Act
    const emu = await startTestEmulator({ dataFile, services: [createEchoService] });
    await emu.request('POST', '/v1.0/{project_id}/kms/echo', {});

    // Assess
    expect(statSync(dataFile).mode & 0o777).toBe(0o600);
    expect(statSync(`${dataFile}-wal`).mode & 0o777).toBe(0o600);
    await emu.close();
  });

  it('restarts with the same credentials, virtual time, config and data', async () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'byok-core-'));
    const dataFile = join(dir, 'emulator.db');
    const first = await startTestEmulator({ dataFile, clock: 'virtual', start: START, services: [createEchoService] });
    await first.advance(3 * 86_400);
    await first.setConfig({ describe_time_unit: 's' });
    await first.request('POST', '/v1.0/{project_id}/kms/echo', {});
    const temp = await first.temporaryCredentials(3600);
    const facts = { ak: first.ak, sk: first.sk, projectId: first.projectId, domainId: first.domainId, region: first.region };
    await first.close();

    // Act: `start` is ignored for a file that already has a virtual time
    const second = await startTestEmulator({ dataFile, clock: 'virtual', start: new Date('2040-01-01Z'), services: [createEchoService] });

    // Assess
    try {
      expect({ ak: second.ak, sk: second.sk, projectId: second.projectId, domainId: second.domainId, region: second.region }).toEqual(facts);
      expect(second.now().toISOString()).toBe('2030-01-04T00:00:00.000Z');
      const count = (await second.request('GET', '/v1.0/{project_id}/kms/count')).body;
      expect(count.calls).toBe(1);
      expect(count.config.describe_time_unit).toBe('s');
      const withTemp = await second.request('GET', '/_emulator/clock', undefined, { ak: temp.ak, sk: temp.sk, securityToken: temp.securityToken });
      expect(withTemp.status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('reopens a data file with the clock it was made with when none is asked for', async () => {
    // Prepare: one file made virtual, one made real
    dir = mkdtempSync(join(tmpdir(), 'byok-core-'));
    const virtualFile = join(dir, 'virtual.db');
    const realFile = join(dir, 'real.db');
    const first = await startEmulator({ dataFile: virtualFile, clock: 'virtual', start: START, log: () => {} });
    await first.close();
    await (await startEmulator({ dataFile: realFile, clock: 'real', log: () => {} })).close();

    // Act
    const virtual = await startEmulator({ dataFile: virtualFile, log: () => {} });
    const real = await startEmulator({ dataFile: realFile, log: () => {} });

    // Assess
    try {
      expect([virtual.clockMode, virtual.now().toISOString()]).toEqual(['virtual', START.toISOString()]);
      expect(real.clockMode).toBe('real');
      expect(Math.abs(real.now().getTime() - Date.now())).toBeLessThan(5_000);
    } finally {
      await virtual.close();
      await real.close();
    }
  });

  it('refuses to reopen a data file for another region', async () => {
    dir = mkdtempSync(join(tmpdir(), 'byok-core-'));
    const dataFile = join(dir, 'emulator.db');
    const first = await startTestEmulator({ dataFile, region: 'ap-southeast-1', services: [createEchoService] });
    expect(first.region).toBe('ap-southeast-1');
    await first.close();
    await expect(startTestEmulator({ dataFile, region: 'cn-north-4', services: [createEchoService] })).rejects.toThrow(
      /belongs to region ap-southeast-1/,
    );
  });
});
