/**
 * `serverless package --config serverless.aws.yml`, offline (osls, provider aws, deploy/aws/LambdaBundles.cjs):
 * the CloudFormation template osls produces is checked — the six functions, the EventBridge schedule of the
 * renewal with options the AWS wiring accepts, the rule on the expiration event, and IAM statements granting
 * exactly the actions the functions call. Each zip is the bundle, and a bundle loads on plain node without the
 * SDK's Node-version warning. Cost: one osls run with six esbuild bundles, about 10-20 s on 2 cores.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionIamActions } from '../../lib/aws/operations.js';
import { awsRenewalOptions } from '../../lib/aws/renewalOptions.js';
import { REPO_DIR } from '../deploy/plugin.js';
import { runSls } from '../deploy/sls.js';
import type { SlsResult } from '../deploy/sls.js';

const FUNCTIONS = ['create-key', 'fetch-parameters', 'wrap-material', 'import-material', 'on-event', 'renew-expiring'];

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A throw-away service folder with the repository's code linked in (osls writes .serverless/ there, not here). */
function serviceDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'byok-sls-aws-'));
  for (const folder of ['functions', 'lib', 'deploy', 'node_modules']) symlinkSync(join(REPO_DIR, folder), join(dir, folder));
  writeFileSync(join(dir, 'package.json'), '{"type":"module","private":true}\n');
  writeFileSync(join(dir, 'serverless.aws.yml'), readFileSync(join(REPO_DIR, 'serverless.aws.yml')));
  return dir;
}

describe('Command: serverless package --config serverless.aws.yml', () => {
  let dir: string;
  let outDir: string;
  let packaged: SlsResult;
  let resources: Resources;
  const ofType = (type: string): Array<[string, Resources[string]]> => Object.entries(resources).filter(([, r]) => r.Type === type);

  beforeAll(async () => {
    dir = serviceDir();
    outDir = join(dir, 'out');
    packaged = await runSls(['package', '--config', 'serverless.aws.yml', '--package', outDir, '--stage', 'dev', '--region', 'eu-west-1'], { cwd: dir });
    resources = JSON.parse(readFileSync(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8')).Resources as Resources;
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('packages the six functions as bundles on nodejs20.x, each wired to the others by name', () => {
    expect(packaged.code, packaged.output).toBe(0);
    const functions = ofType('AWS::Lambda::Function').map(([, r]) => r.Properties);
    expect(functions.map((f) => f['FunctionName']).sort()).toEqual(FUNCTIONS.map((f) => `byok-keeper-dev-${f}`).sort());
    for (const f of functions) {
      expect(f).toMatchObject({ Runtime: 'nodejs20.x', Handler: 'index.handler' });
      expect(f['Environment'].Variables).toMatchObject({ BYOK_FN_FETCH_PARAMETERS: 'byok-keeper-dev-fetch-parameters', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
    }
    expect(functions.find((f) => f['FunctionName'] === 'byok-keeper-dev-renew-expiring')!['Timeout']).toBe(900);
    const retries = Object.fromEntries(ofType('AWS::Lambda::EventInvokeConfig').map(([, r]) => [r.Properties['FunctionName'].Ref, r.Properties['MaximumRetryAttempts']]));
    expect(retries['CreateDashkeyLambdaFunction']).toBe(0);
  });

  it('schedules the renewal with options the AWS wiring accepts (in place, AWS rates)', () => {
    const [, rule] = ofType('AWS::Events::Rule').find(([, r]) => r.Properties['ScheduleExpression'] !== undefined)!;
    expect(rule.Properties['ScheduleExpression']).toBe('rate(1 hour)');
    const target = rule.Properties['Targets'][0];
    expect(target.Arn['Fn::GetAtt'][0]).toBe('RenewDashexpiringLambdaFunction');
    expect(awsRenewalOptions(JSON.parse(target.Input as string))).toMatchObject({ mode: 'in-place', leadMs: 10 * 86_400_000 });
  });

  it('sends KMS\'s imported-material expiration events to on-event', () => {
    const [, rule] = ofType('AWS::Events::Rule').find(([, r]) => r.Properties['EventPattern'] !== undefined)!;
    expect(rule.Properties['EventPattern']).toEqual({ source: ['aws.kms'], 'detail-type': ['KMS Imported Key Material Expiration'] });
    expect(rule.Properties['Targets'][0].Arn['Fn::GetAtt'][0]).toBe('OnDasheventLambdaFunction');
  });

  it('grants exactly the KMS, Secrets Manager and Lambda actions the functions call, key actions scoped to keys', () => {
    const role = resources['IamRoleLambdaExecution']!.Properties;
    const statements = role['Policies'].flatMap((p: { PolicyDocument: { Statement: Array<{ Action: string[]; Resource: unknown }> } }) => p.PolicyDocument.Statement);
    const granted = statements.flatMap((s: { Action: string[] }) => s.Action).filter((a: string) => !a.startsWith('logs:')).sort();
    expect(granted).toEqual(functionIamActions());
    expect(granted).not.toContain('kms:DeleteImportedKeyMaterial');
    expect(granted.some((a: string) => a.includes('*'))).toBe(false);
    const unscoped = statements.filter((s: { Resource: unknown }) => s.Resource === '*').flatMap((s: { Action: string[] }) => s.Action).sort();
    expect(unscoped).toEqual(['kms:CreateKey', 'kms:ListAliases', 'kms:ListKeys']);
  });

  it('zips each bundle alone; it needs only Node builtins and loads quietly with the warning switched off', () => {
    const zip = unzipSync(readFileSync(join(outDir, 'on-event.zip')));
    expect(Object.keys(zip).sort()).toEqual(['index.js', 'package.json']);
    const code = strFromU8(zip['index.js']!);
    const required = [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!))];
    // The CRT signer is an optional SDK add-on loaded only for SigV4a, which KMS, Secrets Manager and Lambda never use.
    expect(required.filter((name) => !isBuiltin(name) && name !== '@aws-sdk/signature-v4-crt')).toEqual([]);
    const bundleDir = mkdtempSync(join(tmpdir(), 'byok-aws-bundle-'));
    writeFileSync(join(bundleDir, 'index.js'), zip['index.js']!);
    writeFileSync(join(bundleDir, 'package.json'), zip['package.json']!);
    const load = (quiet: boolean): string =>
      spawnSync(process.execPath, ['-e', "if (typeof require('./index.js').handler !== 'function') process.exit(3)"], {
        cwd: bundleDir,
        env: { PATH: process.env['PATH'] ?? '', AWS_REGION: 'eu-west-1', ...(quiet ? { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } : {}) },
        encoding: 'utf8',
      }).stderr;
    expect(load(true)).toBe('');
    // The SDK warns only below Node 22 (docs/aws.md#node-20).
    if (Number(process.versions.node.split('.')[0]) < 22) expect(load(false)).toMatch(/NodeVersionSupportWarning/);
    rmSync(bundleDir, { recursive: true, force: true });
  });
});
