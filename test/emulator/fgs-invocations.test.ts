import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';

describe('Emulator: FunctionGraph async invocation', () => {
  let emu: TestEmulator;
  let urn: string;
  const path = (u: string): string => `/v2/{project_id}/fgs/functions/${u}/invocations-async`;

  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual' });
    urn = `urn:fss:${emu.region}:${emu.projectId}:function:default:byok-wrap-material:latest`;
  });
  afterAll(async () => emu.close());

  it('answers 202 with a request_id and records the event as sent', async () => {
    // Prepare
    const event = { key_id: 'k', nested: { list: [1, 'two', null], ok: true }, text: 'ünïcode' };
    // Act
    const res = await emu.request('POST', path(urn), event);
    const list = await emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(urn)}`);
    // Assess
    expect(res.status).toBe(202);
    expect(res.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
    const recorded = list.body.invocations.find((i: { request_id: string }) => i.request_id === res.body.request_id);
    expect(recorded).toMatchObject({ function_urn: urn, body: event, received_at: emu.now().toISOString() });
  });

  it('accepts a URN without a version and filters the record by URN and sequence', async () => {
    const bare = `urn:fss:${emu.region}:${emu.projectId}:function:default:byok-on-event`;
    const first = await emu.request('POST', path(bare), { n: 1 });
    const second = await emu.request('POST', path(bare), { n: 2 });
    expect([first.status, second.status]).toEqual([202, 202]);
    const all = await emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(bare)}`);
    expect(all.body.invocations.map((i: { body: unknown }) => i.body)).toEqual([{ n: 1 }, { n: 2 }]);
    const after = await emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(bare)}&after_seq=${all.body.invocations[0].seq}`);
    expect(after.body.invocations.map((i: { body: unknown }) => i.body)).toEqual([{ n: 2 }]);
  });

  it('rejects a malformed URN with flat FSS.0400', async () => {
    const res = await emu.request('POST', path('not-a-urn'), {});
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error_code: 'FSS.0400', error_msg: expect.stringContaining('function_urn') });
  });

  it('rejects a body that is not a JSON object with FSS.0400', async () => {
    const res = await emu.request('POST', path(urn), undefined, { rawBody: '[1,2]' });
    expect([res.status, res.body.error_code]).toEqual([400, 'FSS.0400']);
  });

  it('answers 404 FSS.0404 for a function of another project or region', async () => {
    const otherProject = `urn:fss:${emu.region}:0000000000000000000000000000ffff:function:default:fn:latest`;
    const otherRegion = `urn:fss:ap-southeast-1:${emu.projectId}:function:default:fn:latest`;
    const a = await emu.request('POST', path(otherProject), {});
    const b = await emu.request('POST', path(otherRegion), {});
    expect([a.status, a.body.error_code, b.status, b.body.error_code]).toEqual([404, 'FSS.0404', 404, 'FSS.0404']);
  });

  it('refuses a body over 256 KB with 413 FSS.0413 and records nothing', async () => {
    const big = `urn:fss:${emu.region}:${emu.projectId}:function:default:byok-big:latest`;
    const res = await emu.request('POST', path(big), { pad: 'x'.repeat(256 * 1024) });
    const list = await emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(big)}`);
    expect([res.status, res.body.error_code]).toEqual([413, 'FSS.0413']);
    expect(list.body.invocations).toEqual([]);
  });

  it('is throttled in its own API group', async () => {
    const limited = await emu.request('POST', '/_emulator/limits', { fgs: { rps: 0.001, burst: 1 } });
    expect(limited.status).toBe(200);
    try {
      const first = await emu.request('POST', path(urn), {});
      const second = await emu.request('POST', path(urn), {});
      expect([first.status, second.status, second.body.error_code]).toEqual([202, 429, 'APIG.0308']);
    } finally {
      await emu.request('POST', '/_emulator/limits', {});
    }
  });
});
