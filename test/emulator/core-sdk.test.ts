import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkDate, silenceHuaweiSdkLogs, startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { createEchoService } from './core-echoService.js';

silenceHuaweiSdkLogs();

interface Sent {
  method: string;
  url: string;
  pathParams?: Record<string, string>;
  queryParams?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  data?: unknown;
}

function buildClient(emu: TestEmulator, credential: BasicCredentials): HcClient {
  return new ClientBuilder<HcClient>((hc) => hc)
    .withCredential(credential)
    .withEndpoint(emu.endpoint)
    .withOptions({ customUserAgent: 'byok-keeper-test/1.0', axiosRequestConfig: { validateStatus: () => true, timeout: 10_000 } })
    .build();
}

function send(client: HcClient, r: Sent): Promise<Record<string, any>> {
  return client.sendRequest<Record<string, any>>({
    contentType: 'application/json',
    pathParams: {},
    queryParams: {},
    headers: {},
    ...r,
  } as never);
}

describe('Official HcClient against the emulator', () => {
  let emu: TestEmulator;
  let client: HcClient;
  beforeAll(async () => {
    emu = await startTestEmulator({ services: [createEchoService] });
    client = buildClient(emu, new BasicCredentials().withAk(emu.ak).withSk(emu.sk).withProjectId(emu.projectId));
  });
  afterAll(() => emu.close());

  it('signs, reaches a control route and reads its JSON unchanged', async () => {
    // Act
    const res = await send(client, { method: 'GET', url: '/_emulator/config' });

    // Assess
    expect(res).toEqual({
      reimport_enabled_key: 'allow',
      import_parameters_enabled_key: 'allow',
      resource_detail: 'full',
      describe_time_unit: 'ms',
      expiry_deletion_delay_seconds: 3600,
      fgs_timer_catch_up: 'collapse',
      fgs_user_data_env: 'set',
      httpStatusCode: 200,
    });
  });

  it('posts a JSON body to a control route', async () => {
    const res = await send(client, { method: 'POST', url: '/_emulator/config', data: { describe_time_unit: 's' } });
    expect(res.httpStatusCode).toBe(200);
    expect(res.describe_time_unit).toBe('s');
    await send(client, { method: 'POST', url: '/_emulator/config', data: { describe_time_unit: 'ms' } });
  });

  it('works with temporary credentials and their security token', async () => {
    // Prepare
    const temp = await emu.temporaryCredentials();
    const tempClient = buildClient(
      emu,
      new BasicCredentials().withAk(temp.ak).withSk(temp.sk).withSecurityToken(temp.securityToken).withProjectId(emu.projectId),
    );

    // Act
    const res = await send(tempClient, { method: 'GET', url: '/_emulator/clock' });

    // Assess
    expect(res.httpStatusCode).toBe(200);
    expect(res.mode).toBe('real');
  });

  it('reads a gateway rejection as data with validateStatus', async () => {
    const wrong = buildClient(emu, new BasicCredentials().withAk(emu.ak).withSk('wrong-sk').withProjectId(emu.projectId));
    const res = await send(wrong, { method: 'GET', url: '/_emulator/clock' });
    expect(res).toEqual({
      error_code: 'APIG.0301',
      error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
      httpStatusCode: 401,
    });
  });

  it.each([
    ['a FunctionGraph URN with colons', '/v2/{project_id}/fgs/functions/{function_urn}/invocations', 'POST', {
      function_urn: 'urn:fss:cn-north-4:0123:function:default:renew-expiring:latest',
    }],
    ['a tag key with a space in a DELETE path', '/v1.0/{project_id}/kms/{key_id}/tags/{key}', 'DELETE', {
      key_id: 'k-1',
      key: 'byok managed',
    }],
    ['a tag key with a literal percent', '/v1.0/{project_id}/kms/{key_id}/tags/{key}', 'DELETE', { key_id: 'k-1', key: '100%' }],
    ['a non-ASCII tag key', '/v1.0/{project_id}/kms/{key_id}/tags/{key}', 'DELETE', { key_id: 'k-1', key: 'clé-密钥' }],
    ['a secret name', '/v1/{project_id}/secrets/{secret_name}', 'GET', { secret_name: 'byok_material-1' }],
  ] as const)('signs a path with %s so the emulator accepts it and decodes it', async (_name, url, method, pathParams) => {
    // Act
    const res = await send(client, {
      method,
      url,
      pathParams: { ...pathParams },
      queryParams: { q: 'a b%c', limit: '10' },
      ...(method === 'POST' && { data: { k: 'v' } }),
    });

    // Assess
    expect(res.httpStatusCode).toBe(200);
    expect(res.params).toEqual({ project_id: emu.projectId, ...pathParams });
    expect(res.query).toEqual({ q: 'a b%c', limit: '10' });
  });

  it('prefers a literal segment to a parameter in the same place', async () => {
    const literal = await send(client, { method: 'POST', url: '/v1.0/{project_id}/kms/resource_instances/action', data: {} });
    const param = await send(client, { method: 'POST', url: '/v1.0/{project_id}/kms/{key_id}/action', pathParams: { key_id: 'k-9' }, data: {} });
    expect(literal.literal).toBe(true);
    expect(param.literal).toBeUndefined();
    expect(param.params.key_id).toBe('k-9');
  });
});

describe('Official HcClient against a virtual clock', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', services: [createEchoService] });
  });
  afterAll(() => emu.close());

  it('is accepted after the clock moved a day, signing with the wall clock (its default) or the emulator time', async () => {
    // Prepare
    const client = buildClient(emu, new BasicCredentials().withAk(emu.ak).withSk(emu.sk).withProjectId(emu.projectId));
    await emu.advance(86_400);

    // Act
    const wallClock = await send(client, { method: 'GET', url: '/_emulator/clock' });
    const emulatorTime = await send(client, { method: 'GET', url: '/_emulator/clock', headers: { 'X-Sdk-Date': sdkDate(emu.now()) } });

    // Assess
    expect(wallClock.httpStatusCode).toBe(200);
    expect(wallClock.now).toBe(emu.now().toISOString());
    expect(emulatorTime.httpStatusCode).toBe(200);
    expect(emulatorTime.now).toBe(emu.now().toISOString());
  });
});
