import { request } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UNAUTHENTICATED } from '../../emulator/server.js';
import { sdkDate, startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';

/** Sends headers for a POST with a large declared body, and only `sent` bytes of it; answers the response. */
function partialPost(emu: TestEmulator, headers: Record<string, string>, sent: number): { req: ClientRequest; response: Promise<{ status: number; body: string }> } {
  const url = new URL(emu.endpoint);
  const req = request({
    host: url.hostname,
    port: url.port,
    method: 'POST',
    path: `/v1.0/${emu.projectId}/kms/describe-key`,
    headers: { 'content-type': 'application/json', 'content-length': String(8 * 1024 * 1024), ...headers },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res: IncomingMessage) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  if (sent > 0) req.write(Buffer.alloc(sent, 0x20));
  return { req, response };
}

/** Headers that pass every check the headers alone allow (known AK, date in the window); the signature is junk. */
function plausibleHeaders(emu: TestEmulator): Record<string, string> {
  return {
    'x-sdk-date': sdkDate(new Date()),
    authorization: `SDK-HMAC-SHA256 Access=${emu.ak}, SignedHeaders=host;x-sdk-date, Signature=${'0'.repeat(64)}`,
  };
}

describe('Emulator transport: headers are authenticated before any body is read', () => {
  let emu: TestEmulator;

  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'real' });
  });
  afterAll(async () => {
    await emu.close();
  });

  it.each([
    ['no Authorization header', {}],
    ['an unknown AK', { 'x-sdk-date': sdkDate(new Date()), authorization: `SDK-HMAC-SHA256 Access=NOSUCHAK, SignedHeaders=host;x-sdk-date, Signature=${'0'.repeat(64)}` }],
    ['a date two hours off', { 'x-sdk-date': sdkDate(new Date(Date.now() - 7_200_000)), authorization: `SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=${'0'.repeat(64)}` }],
  ])('answers 401 to %s while 8 MB of declared body are still unsent', async (_what, headers) => {
    // Act: only 1 KB of the 8 MB body is ever sent; an answer proves the rest was never waited for.
    const { req, response } = partialPost(emu, headers as Record<string, string>, 1024);
    const answer = await response;
    req.destroy();

    // Assess
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error_code: 'APIG.0301' });
  });

  it(`refuses a request at once (503) while ${MAX_UNAUTHENTICATED} others are still sending unproven bodies`, async () => {
    // Prepare: requests whose headers pass, bodies never finished.
    const pending = Array.from({ length: MAX_UNAUTHENTICATED }, () => partialPost(emu, plausibleHeaders(emu), 16));
    await new Promise((r) => setTimeout(r, 300));

    // Act
    const extra = partialPost(emu, plausibleHeaders(emu), 16);
    const answer = await extra.response;
    for (const p of [...pending, extra]) {
      p.response.catch(() => {});
      p.req.destroy();
    }
    await new Promise((r) => setTimeout(r, 100));
    const after = await emu.request('POST', '/v1.0/{project_id}/kms/list-keys', {});

    // Assess
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toMatchObject({ error_code: 'APIG.0202' });
    expect(after.status).toBe(200);
  });

  it('still checks the signature over the streamed body: a junk signature with a complete body is 401', async () => {
    const { req, response } = partialPost(emu, { ...plausibleHeaders(emu), 'content-length': '2' }, 0);
    req.end('{}');
    const answer = await response;

    expect(answer.status).toBe(401);
    expect(answer.body).toContain('verify aksk signature fail');
  });
});
