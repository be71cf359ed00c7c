import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { CredentialsUnavailableError, cloudCredentials, getCredentials } from '../../lib/middleware/index.js';
import type { CloudCredentials } from '../../lib/middleware/index.js';
import type { FunctionGraphContext } from '../../lib/functiongraph/context.js';
import { fakeContext, invoke } from '../helpers/fgContext.js';

const agency = { ak: 'TEMP-AK-VALUE', sk: 'TEMP-SK-VALUE', securityToken: 'TEMP-SECURITY-TOKEN' };

async function credentialsFor(context: FunctionGraphContext, env?: Record<string, string>): Promise<CloudCredentials> {
  let credentials: CloudCredentials | undefined;
  const handler = middy()
    .use(cloudCredentials({ env }))
    .before((request) => {
      credentials = getCredentials(request);
    })
    .handler(async () => 'ok');
  await invoke(handler, {}, context);
  return credentials!;
}

describe('Function: cloudCredentials', () => {
  it('reads the agency credentials, project and region from the context', async () => {
    const context = fakeContext({ credentials: agency, projectId: 'p-1', userData: { BYOK_REGION: 'cn-north-4' } });

    expect(await credentialsFor(context)).toEqual({
      ak: agency.ak,
      sk: agency.sk,
      securityToken: agency.securityToken,
      projectId: 'p-1',
      region: 'cn-north-4',
    });
  });

  it('falls back to RUNTIME_PROJECT_ID when the context has no project', async () => {
    const context = fakeContext({ credentials: agency, userData: { BYOK_KMS_ENDPOINT: 'http://127.0.0.1:1' } });

    const credentials = await credentialsFor(context, { RUNTIME_PROJECT_ID: 'p-env' });

    expect(credentials).toMatchObject({ projectId: 'p-env', endpoint: 'http://127.0.0.1:1' });
    expect(credentials.region).toBeUndefined();
  });

  it('names the agency and the missing getters when credentials are absent, and leaks nothing', async () => {
    const context = fakeContext({ credentials: { ak: agency.ak, sk: '' }, projectId: 'p-1' });

    const attempt = credentialsFor(context);

    await expect(attempt).rejects.toBeInstanceOf(CredentialsUnavailableError);
    await expect(attempt).rejects.toMatchObject({ code: 'BYOK.NO_CREDENTIALS', missing: ['getSecuritySecretKey()'] });
    await expect(attempt).rejects.toThrow(/execution agency/);
    await expect(attempt).rejects.not.toThrow(agency.ak);
  });

  it('names RUNTIME_PROJECT_ID when no project can be found', async () => {
    await expect(credentialsFor(fakeContext({ credentials: agency }))).rejects.toThrow(/RUNTIME_PROJECT_ID/);
  });

  it('treats a getter that throws as not configured', async () => {
    const context = { ...fakeContext({ projectId: 'p' }), getSecurityAccessKey: () => { throw new Error('no agency'); } };
    await expect(credentialsFor(context)).rejects.toMatchObject({ missing: ['getSecurityAccessKey()', 'getSecuritySecretKey()'] });
  });
});
