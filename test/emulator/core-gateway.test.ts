import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../emulator/server.js';
import { startTestEmulator } from '../helpers/emulator.js';
import type { HttpResult, TestEmulator } from '../helpers/emulator.js';
import { createEchoService } from './core-echoService.js';

const ECHO = '/v1.0/{project_id}/kms/echo';

describe('Class: EmulatorServer (routing, bodies, handlers)', () => {
  let emu: TestEmulator;
  const logged: string[] = [];
  beforeAll(async () => {
    emu = await startTestEmulator({ services: [createEchoService], log: (line) => logged.push(line) });
  });
  afterAll(() => emu.close());
  const calls = async (): Promise<number> => (await emu.request('GET', '/v1.0/{project_id}/kms/count')).body.calls;

  it('answers an unknown path with the gateway’s flat 404 APIG.0101', async () => {
    const res = await emu.request('POST', '/v1.0/{project_id}/kms/no-such-api', {});
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error_code: 'APIG.0101',
      error_msg: 'The API does not exist or has not been published in the environment.',
    });
    expect(res.headers['x-request-id']).toBeDefined();
  });

  it('answers a known path with an unknown method with 404 APIG.0101', async () => {
    const res = await emu.request('PUT', ECHO, {});
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error_code: 'APIG.0101', error_msg: 'The API does not exist.' });
  });

  it('refuses a body that is not JSON in the KMS shape (KMS.0202)', async () => {
    const res = await emu.request('POST', ECHO, undefined, { rawBody: 'key_id=abc' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { error_code: 'KMS.0202', error_msg: expect.any(String) } });
  });

  it('refuses a JSON body that is not an object in the CSMS shape (CSMS.0004)', async () => {
    const res = await emu.request('POST', '/v1/{project_id}/secrets', undefined, { rawBody: '[1,2]' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error_code: 'CSMS.0004', error_msg: expect.any(String) });
  });

  it('uses a route’s own error codes when it declares them', async () => {
    const notJson = await emu.request('POST', '/v2/{project_id}/echo/own-codes', undefined, { rawBody: '{' });
    const thrown = await emu.request('POST', '/v2/{project_id}/echo/own-codes', {});
    expect(notJson.body).toEqual({ error_code: 'ECHO.0004', error_msg: expect.any(String) });
    expect(thrown.status).toBe(500);
    expect(thrown.body).toEqual({ error_code: 'ECHO.0001', error_msg: 'Internal service error.' });
  });

  it('treats an empty body as {}', async () => {
    const res = await emu.request('POST', ECHO);
    expect(res.status).toBe(200);
    expect(res.body.body).toEqual({});
  });

  it('refuses a body over 12 MB with 413 APIG.0201', async () => {
    const res = await emu.request('POST', ECHO, { blob: 'x'.repeat(MAX_BODY_BYTES) });
    expect(res.status).toBe(413);
    expect(res.body.error_code).toBe('APIG.0201');
  });

  it('renders a thrown WireError in the route’s shape and rolls its changes back', async () => {
    // Prepare
    const before = await calls();

    // Act
    const res = await emu.request('POST', '/v1.0/{project_id}/kms/fail', {});

    // Assess
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { error_code: 'KMS.0205', error_msg: 'The key ID is invalid.' } });
    expect(await calls()).toBe(before);
  });

  it('answers an unexpected error with a bare 500 KMS.0100 and logs it', async () => {
    const res = await emu.request('POST', '/v1.0/{project_id}/kms/boom', {});
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { error_code: 'KMS.0100', error_msg: 'Internal service error.' } });
    expect(JSON.stringify(res.body)).not.toMatch(/secret-looking/);
    expect(logged.some((line) => line.includes('/kms/boom'))).toBe(true);
  });

  it('answers an empty response without a body', async () => {
    const res = await emu.request('POST', '/v1.0/{project_id}/kms/empty', {});
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
  });

  it('passes what prepare resolved to the handler', async () => {
    const res = await emu.request('POST', '/v1.0/{project_id}/kms/prepared', {});
    expect(res.body.prepared).toEqual({ from: 'prepare' });
  });

  it('runs async and sync handlers side by side, each in its own transaction', async () => {
    // Prepare
    const before = await calls();

    // Act
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        emu.request('POST', i % 2 === 0 ? '/v1.0/{project_id}/kms/async' : ECHO, { i }),
      ),
    );

    // Assess
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(await calls()).toBe(before + 10);
  });
});

/** Sends a request and reports how it ended, a status or a dropped connection. */
async function outcome(emu: TestEmulator, body: unknown = {}): Promise<number | 'dropped'> {
  try {
    return (await emu.request('POST', ECHO, body)).status;
  } catch (error) {
    if (['ECONNRESET', 'EPIPE'].includes((error as NodeJS.ErrnoException).code ?? '') || /hang up/.test(String(error))) {
      return 'dropped';
    }
    throw error;
  }
}

describe('Class: EmulatorServer (rate limits and faults)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ services: [createEchoService] });
  });
  afterAll(() => emu.close());
  afterEach(async () => {
    expect((await emu.request('POST', '/_emulator/reset', {})).status).toBe(200);
  });
  const calls = async (): Promise<number> => (await emu.request('GET', '/v1.0/{project_id}/kms/count')).body.calls;

  it('throttles a group over its limit with a flat 429 APIG.0308 and leaves other groups alone', async () => {
    // Prepare: two tokens, then one more every 100 s
    const set = await emu.request('POST', '/_emulator/limits', { 'kms-key': { rps: 0.01, burst: 2 } });
    expect(set.body).toEqual({ 'kms-key': { rps: 0.01, burst: 2 } });

    // Act
    const statuses = [await outcome(emu), await outcome(emu)];
    const third = await emu.request('POST', ECHO, {});

    // Assess
    expect(statuses).toEqual([200, 200]);
    expect(third.status).toBe(429);
    expect(third.body).toEqual({
      error_code: 'APIG.0308',
      error_msg: 'The throttling threshold has been reached: policy user over ratelimit,limit:0.01,time:1 second',
    });
    expect((await emu.request('GET', '/v1/{project_id}/secrets/s1')).status).toBe(200);
    expect((await emu.request('GET', '/_emulator/clock')).status).toBe(200);
  });

  it('refuses to limit the control group', async () => {
    const res = await emu.request('POST', '/_emulator/limits', { control: { rps: 1, burst: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('EMU.0400');
  });

  it('injects the same sequence of faults twice for the same seed', async () => {
    // Prepare
    const settings = { seed: 42, error_rate: 0.3, throttle_rate: 0.2 };
    const run = async (): Promise<HttpResult[]> => {
      await emu.request('POST', '/_emulator/faults', settings);
      const results: HttpResult[] = [];
      for (let i = 0; i < 30; i++) results.push(await emu.request('POST', ECHO, {}));
      return results;
    };

    // Act
    const first = await run();
    const second = await run();

    // Assess
    expect(second.map((r) => r.status)).toEqual(first.map((r) => r.status));
    const statuses = new Set(first.map((r) => r.status));
    expect([...statuses].sort()).toEqual([200, 429, 500]);
    expect(first.find((r) => r.status === 500)?.body).toEqual({
      error: { error_code: 'KMS.0100', error_msg: 'Internal service error.' },
    });
    expect(first.find((r) => r.status === 429)?.body.error_code).toBe('APIG.0308');
  });

  it('answers injected errors on CSMS routes in the flat shape (CSMS.0001)', async () => {
    await emu.request('POST', '/_emulator/faults', { seed: 1, error_rate: 1 });
    const res = await emu.request('GET', '/v1/{project_id}/secrets/s1');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error_code: 'CSMS.0001', error_msg: 'Internal service error.' });
  });

  it('drops the connection before handling for drop', async () => {
    // Prepare
    const before = await calls();
    await emu.request('POST', '/_emulator/faults', { seed: 1, drop_rate: 1 });

    // Act
    const result = await outcome(emu);

    // Assess
    expect(result).toBe('dropped');
    await emu.request('POST', '/_emulator/reset', {});
    expect(await calls()).toBe(before);
  });

  it('handles and commits, then drops the connection, for drop_after', async () => {
    // Prepare
    const before = await calls();
    await emu.request('POST', '/_emulator/faults', { seed: 1, drop_after_rate: 1 });

    // Act
    const result = await outcome(emu);

    // Assess
    expect(result).toBe('dropped');
    await emu.request('POST', '/_emulator/reset', {});
    expect(await calls()).toBe(before + 1);
  });

  it('never faults the control group', async () => {
    await emu.request('POST', '/_emulator/faults', { seed: 3, error_rate: 1 });
    expect((await emu.request('GET', '/_emulator/faults')).status).toBe(200);
  });

  it('refuses invalid fault settings', async () => {
    const res = await emu.request('POST', '/_emulator/faults', { error_rate: 2 });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('EMU.0400');
  });
});

describe('Control surface: reset', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', services: [createEchoService] });
  });
  afterAll(() => emu.close());

  it('turns faults off, clears limits, restores the config and, with data, empties service tables', async () => {
    // Prepare
    await emu.request('POST', ECHO, {});
    await emu.setConfig({ describe_time_unit: 's' });
    await emu.request('POST', '/_emulator/limits', { csms: { rps: 5, burst: 5 } });
    await emu.request('POST', '/_emulator/faults', { seed: 9, latency_ms: 1, latency_rate: 1, groups: ['csms'] });
    const clockBefore = emu.now().toISOString();

    // Act
    const res = await emu.request('POST', '/_emulator/reset', { data: true });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      config: {
        reimport_enabled_key: 'allow',
        describe_time_unit: 'ms',
        expiry_deletion_delay_seconds: 3600,
        fgs_timer_catch_up: 'collapse',
        fgs_user_data_env: 'set',
      },
      limits: {},
      faults: { error_rate: 0, throttle_rate: 0, drop_rate: 0, drop_after_rate: 0, latency_rate: 0 },
      data_deleted: true,
    });
    expect(res.body.faults.groups).toBeUndefined();
    const count = (await emu.request('GET', '/v1.0/{project_id}/kms/count')).body;
    expect(count.calls).toBe(0);
    expect(emu.now().toISOString()).toBe(clockBefore);
  });

  it('keeps service rows without data', async () => {
    await emu.request('POST', ECHO, {});
    await emu.request('POST', '/_emulator/reset', {});
    expect((await emu.request('GET', '/v1.0/{project_id}/kms/count')).body.calls).toBe(1);
  });
});
