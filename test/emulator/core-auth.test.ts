import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { createEchoService } from './core-echoService.js';

const ECHO = '/v1.0/{project_id}/kms/echo';
const MINUTE_MS = 60_000;

describe('Class: EmulatorServer (authentication)', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    // A virtual clock far from the wall clock tells the two date windows (wall and virtual) apart.
    emu = await startTestEmulator({ clock: 'virtual', start: new Date('2031-05-06T07:08:09Z'), services: [createEchoService] });
  });
  afterAll(() => emu.close());

  const expectIamRejection = (res: { status: number; body: any }, detail: RegExp): void => {
    expect(res.status).toBe(401);
    expect(res.body.error_code).toBe('APIG.0301');
    expect(res.body.error_msg).toMatch(/^Incorrect IAM authentication information: /);
    expect(res.body.error_msg).toMatch(detail);
    expect(Object.keys(res.body).sort()).toEqual(['error_code', 'error_msg']);
  };

  it('accepts a request signed with the emulator time and hands the parsed request to the handler', async () => {
    // Act
    const res = await emu.request('POST', `${ECHO}?b=2&a=x%20y`, { key_id: 'k', nested: { n: 1 } });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      params: { project_id: emu.projectId },
      query: { a: 'x y', b: '2' },
      body: { key_id: 'k', nested: { n: 1 } },
      projectId: emu.projectId,
      accessKey: emu.ak,
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects a request without Authorization', async () => {
    expectIamRejection(await emu.request('POST', ECHO, {}, { unsigned: true }), /Authorization header not found/);
  });

  it('rejects a garbled Authorization header', async () => {
    const res = await emu.request('POST', ECHO, {}, { unsigned: true, headers: { Authorization: 'SDK-HMAC-SHA256 nonsense' } });
    expectIamRejection(res, /malformed/);
  });

  it('rejects an unknown AK', async () => {
    expectIamRejection(await emu.request('POST', ECHO, {}, { ak: 'UNKNOWNAK00000000000' }), /ak not exist/);
  });

  it('rejects a signature made with the wrong SK', async () => {
    expectIamRejection(await emu.request('POST', ECHO, {}, { sk: `${emu.sk.slice(0, -1)}x` }), /verify aksk signature fail/);
  });

  it('rejects a body changed after signing', async () => {
    const res = await emu.request('POST', ECHO, { key_id: 'a' }, { tamperedBody: '{"key_id":"b"}' });
    expectIamRejection(res, /verify aksk signature fail/);
  });

  it('rejects a query changed after signing', async () => {
    const res = await emu.request('GET', `${ECHO}?a=1`, undefined, { tamperedPath: '/v1.0/{project_id}/kms/echo?a=2' });
    expectIamRejection(res, /verify aksk signature fail/);
  });

  it('rejects a path changed after signing', async () => {
    const res = await emu.request('DELETE', '/v1.0/{project_id}/kms/k1/tags/t1', undefined, {
      tamperedPath: '/v1.0/{project_id}/kms/k1/tags/t2',
    });
    expectIamRejection(res, /verify aksk signature fail/);
  });

  it.each([
    ['16 minutes behind', -16],
    ['16 minutes ahead', 16],
  ])('rejects an X-Sdk-Date %s of the emulator clock', async (_name, minutes) => {
    const date = new Date(emu.now().getTime() + minutes * MINUTE_MS);
    expectIamRejection(await emu.request('POST', ECHO, {}, { date }), /signature expired/);
  });

  it.each([
    ['14 minutes behind', -14],
    ['14 minutes ahead', 14],
  ])('accepts an X-Sdk-Date %s of the emulator clock', async (_name, minutes) => {
    const date = new Date(emu.now().getTime() + minutes * MINUTE_MS);
    expect((await emu.request('POST', ECHO, {}, { date })).status).toBe(200);
  });

  it.each([
    ['now', 0],
    ['14 minutes behind', -14],
    ['14 minutes ahead', 14],
  ])('accepts an X-Sdk-Date %s of the wall clock while the virtual clock is years away', async (_name, minutes) => {
    const date = new Date(Date.now() + minutes * MINUTE_MS);
    expect((await emu.request('POST', ECHO, {}, { date })).status).toBe(200);
  });

  it.each([
    ['16 minutes behind', -16],
    ['16 minutes ahead', 16],
  ])('rejects an X-Sdk-Date %s of the wall clock (and far from the virtual clock)', async (_name, minutes) => {
    const date = new Date(Date.now() + minutes * MINUTE_MS);
    expectIamRejection(await emu.request('POST', ECHO, {}, { date }), /signature expired/);
  });

  it('rejects an X-Project-Id that differs from the project in the path', async () => {
    // Act
    const res = await emu.request('POST', ECHO, {}, { headers: { 'X-Project-Id': 'f'.repeat(32) } });

    // Assess
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error_code: 'APIG.0302',
      error_msg: expect.stringMatching(/X-Project-Id does not match/),
    });
  });

  it('rejects a project id in the path that the account does not have', async () => {
    const other = 'e'.repeat(32);
    const res = await emu.request('POST', `/v1.0/${other}/kms/echo`, {}, { headers: { 'X-Project-Id': other } });
    expect(res.status).toBe(403);
    expect(res.body.error_code).toBe('APIG.0302');
  });

  it('accepts a request without X-Project-Id', async () => {
    expect((await emu.request('POST', ECHO, {}, { omitHeaders: ['X-Project-Id'] })).status).toBe(200);
  });

  describe('with temporary credentials', () => {
    it('accepts the temporary AK with its security token', async () => {
      // Prepare
      const temp = await emu.temporaryCredentials();

      // Act
      const res = await emu.request('POST', ECHO, {}, { ak: temp.ak, sk: temp.sk, securityToken: temp.securityToken });

      // Assess
      expect(res.status).toBe(200);
      expect(res.body.accessKey).toBe(temp.ak);
      expect(new Date(temp.expiresAt).getTime() - emu.now().getTime()).toBe(900_000);
    });

    it('rejects the temporary AK without a security token', async () => {
      const temp = await emu.temporaryCredentials();
      expectIamRejection(await emu.request('POST', ECHO, {}, { ak: temp.ak, sk: temp.sk }), /x-security-token not found/);
    });

    it('rejects the temporary AK with another credential’s security token', async () => {
      const temp = await emu.temporaryCredentials();
      const other = await emu.temporaryCredentials();
      const res = await emu.request('POST', ECHO, {}, { ak: temp.ak, sk: temp.sk, securityToken: other.securityToken });
      expectIamRejection(res, /verify security token fail/);
    });

    it('rejects the temporary AK once it has expired on the emulator clock', async () => {
      // Prepare
      const temp = await emu.temporaryCredentials(900);
      await emu.advance(901);

      // Act
      const res = await emu.request('POST', ECHO, {}, { ak: temp.ak, sk: temp.sk, securityToken: temp.securityToken });

      // Assess
      expectIamRejection(res, /token expires/);
    });

    it('refuses to issue temporary credentials to a temporary AK', async () => {
      const temp = await emu.temporaryCredentials();
      const res = await emu.request('POST', '/_emulator/credentials/temporary', {}, {
        ak: temp.ak,
        sk: temp.sk,
        securityToken: temp.securityToken,
      });
      expect(res.status).toBe(403);
      expect(res.body.error_code).toBe('EMU.0403');
    });

    it('refuses a duration outside IAM’s 900..86400 seconds', async () => {
      const res = await emu.request('POST', '/_emulator/credentials/temporary', { duration_seconds: 60 });
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('EMU.0400');
    });
  });
});
