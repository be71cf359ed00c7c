/**
 * The configuration rules of the FunctionGraph provider plugin (deploy/validateConfig.cjs): what FunctionGraph
 * would refuse fails `package` with a message naming the field. Unit tests (milliseconds) plus one osls run on a
 * broken serverless.yml (~3 s).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR, plugin } from './plugin.js';
import type { ConfigInput, DeployErrorShape } from './plugin.js';
import { runSls, serviceWith } from './sls.js';

function input(fn: Record<string, unknown> = {}, provider: Record<string, unknown> = {}): ConfigInput {
  return {
    serviceDir: REPO_DIR,
    service: 'byok-keeper',
    stage: 'dev',
    region: 'cn-north-4',
    provider: { name: 'huaweicloud', runtime: 'Node.js20.15', agency: 'byok-agency', ...provider },
    functions: { 'renew-expiring': { handler: 'functions/renew-expiring.handler', ...fn } },
  };
}

function problemsOf(config: ConfigInput): DeployErrorShape {
  try {
    plugin.validateConfig(config);
  } catch (error) {
    return error as DeployErrorShape;
  }
  throw new Error('validateConfig accepted the configuration');
}

const timer = (spec: Record<string, unknown>): Record<string, unknown> => ({ events: [{ timer: { name: 't', ...spec } }] });

describe('Function: validateConfig (deploy/validateConfig.cjs)', () => {
  it('plans a valid function: name, source, handler export, sizes, user data without empty values, triggers', () => {
    // Act
    const plan = plugin.validateConfig(
      input(
        { memorySize: 512, timeout: 900, environment: { EXTRA: 'x', EMPTY: '' }, ...timer({ rate: '1h', userEvent: { mode: 'auto' } }) },
        { environment: { BYOK_LOG_LEVEL: 'info', BYOK_KMS_ENDPOINT: '' } },
      ),
    );

    // Assess
    const fn = plan.functions[0]!;
    expect(fn).toMatchObject({ key: 'renew-expiring', name: 'byok-keeper-dev-renew-expiring', exportName: 'handler', memorySize: 512, timeout: 900 });
    expect(fn.entry).toBe(join(REPO_DIR, 'functions', 'renew-expiring.ts'));
    expect(fn.environment).toEqual({ BYOK_LOG_LEVEL: 'info', EXTRA: 'x' });
    expect(fn.triggers).toEqual([
      { type: 'TIMER', name: 't', status: 'ACTIVE', eventData: { name: 't', schedule_type: 'Rate', schedule: '1h', user_event: '{"mode":"auto"}' } },
    ]);
    expect(plan).toMatchObject({ agency: 'byok-agency', configAgency: 'byok-agency', functionPackage: 'default' });
  });

  it('writes a cron schedule with schedule_type Cron, exactly so cased', () => {
    const plan = plugin.validateConfig(input(timer({ cron: 'CRON_TZ=Europe/Berlin 0 30 2 * * ?' })));
    expect(plan.functions[0]!.triggers[0]!.eventData).toMatchObject({ schedule_type: 'Cron', schedule: 'CRON_TZ=Europe/Berlin 0 30 2 * * ?' });
  });

  it.each([
    ['an unknown runtime', input({ runtime: 'Node.js14.18' }), 'functions.renew-expiring.runtime', /Node\.js20\.15/],
    ['a memory size FunctionGraph does not offer', input({ memorySize: 300 }), 'functions.renew-expiring.memorySize', /128, 256, 512/],
    ['a provider memory size FunctionGraph does not offer', input({}, { memorySize: 100 }), 'provider.memorySize', /got 100/],
    ['a timeout under 3 s', input({ timeout: 2 }), 'functions.renew-expiring.timeout', /3 to 259200/],
    ['a timeout over 72 h', input({ timeout: 259_201 }), 'functions.renew-expiring.timeout', /3 to 259200/],
    ['a cron of five fields', input(timer({ cron: '0 * * * *' })), 'functions.renew-expiring.events[0].timer.cron', /six fields, seconds first.*got 5/],
    ['a rate of 61 minutes', input(timer({ rate: '61m' })), 'functions.renew-expiring.events[0].timer.rate', /1-60/],
    ['a rate of 0 hours', input(timer({ rate: '0h' })), 'functions.renew-expiring.events[0].timer.rate', /1-24/],
    ['a rate of 31 days', input(timer({ rate: '31d' })), 'functions.renew-expiring.events[0].timer.rate', /1-30/],
    ['a rate without unit', input(timer({ rate: '5' })), 'functions.renew-expiring.events[0].timer.rate', /<n>m/],
    ['a timer with both rate and cron', input(timer({ rate: '1h', cron: '0 0 * * * ?' })), 'functions.renew-expiring.events[0].timer', /exactly one/],
    ['4 async retries', input({ asyncInvoke: { maxRetries: 4 } }), 'functions.renew-expiring.asyncInvoke.maxRetries', /0 to 3/],
    ['-1 async retries', input({ asyncInvoke: { maxRetries: -1 } }), 'functions.renew-expiring.asyncInvoke.maxRetries', /0 to 3/],
    ['an event age over a day', input({ asyncInvoke: { maxEventAgeSeconds: 86_401 } }), 'functions.renew-expiring.asyncInvoke.maxEventAgeSeconds', /1 to 86400/],
    ['two failure destinations', input({ asyncInvoke: { onFailure: { smn: 't', function: 'f' } } }), 'functions.renew-expiring.asyncInvoke.onFailure', /exactly one/],
    ['a failure function that is not in the service', input({ asyncInvoke: { onFailure: { function: 'nope' } } }), 'functions.renew-expiring.asyncInvoke.onFailure.function', /of this service/],
    ['a handler file that does not exist', input({ handler: 'functions/missing.handler' }), 'functions.renew-expiring.handler', /no functions\/missing/],
    ['a handler without export', input({ handler: 'functions/renew-expiring' }), 'functions.renew-expiring.handler', /<file>\.<export>/],
    ['an AK in user data', input({ environment: { HUAWEICLOUD_SDK_SK: 'x' } }), 'functions.renew-expiring.environment.HUAWEICLOUD_SDK_SK', /temporary credentials/],
    ['no execution agency', input({}, { agency: undefined }), 'provider.agency', /app_xrole/],
  ])('refuses %s, naming the field', (_what, config, field, says) => {
    // Act
    const error = problemsOf(config);

    // Assess
    expect(error.name).toBe('DeployError');
    expect(error.code).toBe('BYOK_DEPLOY_CONFIG');
    expect(error.fields).toContain(field);
    expect(error.message).toContain(`${field}`);
    expect(error.message).toMatch(says);
  });

  it('never echoes a user-data value', () => {
    const error = problemsOf(input({ environment: { HUAWEICLOUD_SDK_SK: 'do-not-print-me' } }));
    expect(error.message).not.toContain('do-not-print-me');
  });

  it('refuses a function name FunctionGraph would refuse (over 60 characters)', () => {
    const config = { ...input(), service: 'a-very-long-service-name-that-goes-on', stage: 'and-on-and-on' };
    const error = problemsOf(config);
    expect(error.fields).toContain('functions.renew-expiring');
    expect(error.message).toMatch(/at most 60 characters/);
  });

  it('reports every problem at once', () => {
    const error = problemsOf(input({ memorySize: 300, timeout: 1, ...timer({ cron: '* * * * *' }) }));
    expect(error.message).toMatch(/3 problems/);
  });
});

describe('Command: serverless package with a broken serverless.yml', () => {
  it('fails before building anything, naming each bad field', async () => {
    // Prepare
    const dir = serviceWith(`service: byok-keeper
frameworkVersion: '4'
plugins:
  - ./deploy/HuaweiCloudProvider.cjs
provider:
  name: huaweicloud
  runtime: Node.js20.15
  region: cn-north-4
  agency: byok-agency
functions:
  renew-expiring:
    handler: functions/renew-expiring.handler
    memorySize: 300
    asyncInvoke:
      maxRetries: 5
    events:
      - timer:
          name: hourly
          cron: '0 * * * *'
`);
    try {
      // Act
      const result = await runSls(['package'], { cwd: dir });

      // Assess
      expect(result.code).toBe(1);
      expect(result.output).toContain('functions.renew-expiring.memorySize must be one of 128, 256');
      expect(result.output).toContain('functions.renew-expiring.asyncInvoke.maxRetries must be a whole number from 0 to 3');
      expect(result.output).toContain('functions.renew-expiring.events[0].timer.cron must have six fields');
      expect(result.output).not.toMatch(/KB bundle/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a key osls does not know (the plugin declares its schema)', async () => {
    const dir = serviceWith(`service: byok-keeper
frameworkVersion: '4'
plugins:
  - ./deploy/HuaweiCloudProvider.cjs
provider:
  name: huaweicloud
  agency: byok-agency
  memorySise: 256
functions:
  renew-expiring:
    handler: functions/renew-expiring.handler
`);
    try {
      const result = await runSls(['package'], { cwd: dir });
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/provider.*unrecognized property 'memorySise'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('Command: serverless info without credentials', () => {
  it('says which variables to set, as the byok command does', async () => {
    // Act
    const result = await runSls(['info'], { env: { BYOK_REGION: 'cn-north-4' } });

    // Assess
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/Huawei Cloud is not fully configured: set HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_PROJECT_ID/);
    expect(result.output).toContain('see the README, Deployment');
  }, 60_000);
});
