import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import { ClientRequestException } from '@huaweicloud/huaweicloud-sdk-core/exception/ClientRequestException.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silenceHuaweiSdkLogs, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const SECRETS = '/v1/{project_id}/secrets';
const START = new Date('2026-03-01T00:00:00Z');

/** A minimal hand-written CSMS client over the official core, as lib/huawei would build one. */
class CsmsProbe {
  constructor(private readonly hc: HcClient) {}

  send(method: string, url: string, opts: { pathParams?: object; queryParams?: object; data?: object } = {}) {
    return this.hc.sendRequest<Record<string, unknown>>({
      method,
      url,
      contentType: 'application/json',
      headers: {},
      pathParams: opts.pathParams ?? {},
      queryParams: opts.queryParams ?? {},
      ...(opts.data !== undefined && { data: opts.data }),
    } as never);
  }
}

function buildProbe(emu: TestEmulator, axiosRequestConfig: object): CsmsProbe {
  const credential = new BasicCredentials().withAk(emu.ak).withSk(emu.sk).withProjectId(emu.projectId);
  return new ClientBuilder<CsmsProbe>((hc) => new CsmsProbe(hc))
    .withCredential(credential)
    .withEndpoint(emu.endpoint)
    .withOptions({ axiosRequestConfig: { timeout: 10_000, ...axiosRequestConfig } } as never)
    .build();
}

describe('Service: CSMS over signed HTTP', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', start: START });
  });
  afterAll(async () => emu?.close());

  it('creates a secret, rotates it and reads it back', async () => {
    // Prepare
    const created = await emu.request('POST', SECRETS, { name: 'http-secret', secret_string: 'one' });
    expect(created.status).toBe(200);
    expect(created.body.secret).toMatchObject({ name: 'http-secret', state: 'ENABLED', create_time: START.getTime() });
    // Act
    await emu.advance(3600);
    const v2 = await emu.request('POST', `${SECRETS}/http-secret/versions`, { secret_binary: 'AAECAw==' });
    const latest = await emu.request('GET', `${SECRETS}/http-secret/versions/latest`);
    const page = await emu.request('GET', `${SECRETS}/http-secret/versions?limit=1&marker=v1`);
    // Assess
    expect(v2.body.version_metadata).toMatchObject({ id: 'v2', create_time: START.getTime() + 3_600_000 });
    expect(latest.status).toBe(200);
    expect(latest.body.version).toEqual({
      version_metadata: expect.objectContaining({ id: 'v2', version_stages: ['SYSCURRENT'] }),
      secret_binary: 'AAECAw==',
    });
    expect(page.body).toEqual({
      version_metadatas: [expect.objectContaining({ id: 'v2' })],
      page_info: { current_count: 1, previous_marker: 'v1' },
    });
  });

  it('answers errors flat with the documented status', async () => {
    await emu.request('POST', SECRETS, { name: 'http-dup', secret_string: 'x' });
    const duplicate = await emu.request('POST', SECRETS, { name: 'http-dup', secret_string: 'x' });
    const missing = await emu.request('GET', `${SECRETS}/http-missing/versions/latest`);
    const invalid = await emu.request('POST', SECRETS, { name: 'bad name', secret_string: 'x' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({ error_code: 'CSMS.0101', error_msg: expect.any(String) });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error_code: 'CSMS.0005', error_msg: expect.any(String) });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ error_code: 'CSMS.0002', error_msg: expect.any(String) });
  });

  it('purges a secret when the virtual clock passes its scheduled deletion', async () => {
    await emu.request('POST', SECRETS, { name: 'http-doomed', secret_string: 'x' });
    const scheduled = await emu.request('POST', `${SECRETS}/http-doomed/scheduled-deleted-tasks/create`, {
      recovery_window_in_days: 7,
    });
    expect(scheduled.body.secret.state).toBe('PENDING_DELETE');
    const notEnabled = await emu.request('GET', `${SECRETS}/http-doomed/versions/latest`);
    expect(notEnabled.status).toBe(403);
    expect(notEnabled.body.error_code).toBe('CSMS.0109');
    await emu.advance(7 * 86_400);
    const gone = await emu.request('GET', `${SECRETS}/http-doomed`);
    expect(gone.body.error_code).toBe('CSMS.0005');
  });

  it('throttles the csms group with 429 APIG.0308 once its bucket is empty', async () => {
    await emu.request('POST', '/_emulator/limits', { csms: { rps: 0.001, burst: 2 } });
    try {
      const replies = [];
      for (let i = 0; i < 3; i += 1) replies.push(await emu.request('GET', `${SECRETS}/http-secret`));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(replies[2]!.body.error_code).toBe('APIG.0308');
    } finally {
      await emu.request('POST', '/_emulator/limits', {});
    }
  });
});

describe('Service: CSMS through the official HcClient', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
    silenceHuaweiSdkLogs();
  });
  afterAll(async () => emu?.close());

  it('signs, sends and reads CSMS calls unchanged', async () => {
    const csms = buildProbe(emu, {});
    const created = await csms.send('POST', SECRETS, { data: { name: 'sdk-secret', secret_string: 's3cr3t' } });
    expect(created.httpStatusCode).toBe(200);
    await csms.send('POST', `${SECRETS}/{secret_name}/versions`, {
      pathParams: { secret_name: 'sdk-secret' },
      data: { secret_string: 's3cr3t-2', version_stages: ['SYSCURRENT', 'byok pending'] },
    });
    const latest = await csms.send('GET', `${SECRETS}/{secret_name}/versions/{version_id}`, {
      pathParams: { secret_name: 'sdk-secret', version_id: 'latest' },
    });
    expect(latest.version).toMatchObject({ secret_string: 's3cr3t-2' });
    const listed = await csms.send('GET', `${SECRETS}/{secret_name}/versions`, {
      pathParams: { secret_name: 'sdk-secret' },
      queryParams: { limit: 1, marker: 'v1' },
    });
    expect(listed.version_metadatas).toEqual([
      expect.objectContaining({ id: 'v2', version_stages: ['SYSCURRENT', 'byok pending'] }),
    ]);
    const stage = await csms.send('GET', `${SECRETS}/{secret_name}/stages/{stage_name}`, {
      pathParams: { secret_name: 'sdk-secret', stage_name: 'byok pending' },
    });
    expect(stage.stage).toMatchObject({ name: 'byok pending', version_id: 'v2' });
  });

  it('exposes the flat CSMS error code to the core when it throws', async () => {
    const csms = buildProbe(emu, {});
    const failure = await csms
      .send('GET', `${SECRETS}/{secret_name}`, { pathParams: { secret_name: 'sdk-missing' } })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(ClientRequestException);
    expect(failure).toMatchObject({ httpStatusCode: 400, errorCode: 'CSMS.0005' });
  });

  it('returns the flat error body with validateStatus', async () => {
    const csms = buildProbe(emu, { validateStatus: () => true });
    const reply = await csms.send('POST', SECRETS, { data: { name: 'sdk-bad', secret_binary: '***' } });
    expect(reply).toMatchObject({ httpStatusCode: 400, error_code: 'CSMS.0002' });
  });
});

describe('Service: CSMS persistence', () => {
  it('keeps secrets, versions and stages across a restart from the data file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'byok-csms-'));
    const dataFile = join(dir, 'emulator.db');
    try {
      const first = await startTestEmulator({ dataFile });
      try {
        await first.request('POST', SECRETS, { name: 'durable', secret_string: 'v1-value' });
        await first.request('POST', `${SECRETS}/durable/versions`, { secret_string: 'v2-value' });
      } finally {
        await first.close();
      }
      const second = await startTestEmulator({ dataFile });
      try {
        const latest = await second.request('GET', `${SECRETS}/durable/versions/latest`);
        expect(latest.body.version.secret_string).toBe('v2-value');
        const previous = await second.request('GET', `${SECRETS}/durable/stages/SYSPREVIOUS`);
        expect(previous.body.stage.version_id).toBe('v1');
        const v3 = await second.request('POST', `${SECRETS}/durable/versions`, { secret_string: 'v3-value' });
        expect(v3.body.version_metadata.id).toBe('v3');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
