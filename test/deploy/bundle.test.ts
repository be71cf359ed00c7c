/**
 * The pieces that make function bundles small and their zips reproducible (deploy/slimBundle.cjs and its shims,
 * deploy/pruneFunctionGraphClient.cjs, deploy/zipBundle.cjs): each shim behaves as the library it replaces on
 * the calls the Huawei SDK makes, checked against the real library. About 3 s (two esbuild runs).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPO_DIR, plugin } from './plugin.js';

const requireCjs = createRequire(import.meta.url);
const shim = (name: string): unknown => requireCjs(join(REPO_DIR, 'deploy', 'shims', `${name}.cjs`));
const FGS_CLIENT = requireCjs.resolve('@huaweicloud/huaweicloud-sdk-functiongraph/v2/FunctionGraphClient.js');

describe('Function: zipBundle (deploy/zipBundle.cjs)', () => {
  it('gives the same bytes for the same bundle in any time zone, and other bytes for another bundle', () => {
    // Act
    const digestIn = (tz: string, code: string): string =>
      execFileSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(join(REPO_DIR, 'deploy', 'zipBundle.cjs'))}).zipBundle(Buffer.from(${JSON.stringify(code)})).sha256)`], {
        env: { PATH: process.env['PATH'] ?? '', TZ: tz },
      }).toString();

    // Assess
    const utc = digestIn('UTC', 'exports.handler = 1;');
    expect(digestIn('Pacific/Kiritimati', 'exports.handler = 1;')).toBe(utc);
    expect(digestIn('America/Los_Angeles', 'exports.handler = 1;')).toBe(utc);
    expect(digestIn('UTC', 'exports.handler = 2;')).not.toBe(utc);
  });
});

describe('Function: bundleFunction (deploy/bundleFunction.cjs)', () => {
  it('builds the same bytes twice, with the slimming applied', async () => {
    // Act
    const entry = join(REPO_DIR, 'functions', 'fetch-parameters.ts');
    const first = await plugin.bundleFunction({ entry, target: 'node20.15' });
    const second = await plugin.bundleFunction({ entry, target: 'node20.15' });

    // Assess
    expect(Buffer.from(second.code).equals(Buffer.from(first.code))).toBe(true);
    const inputs = Object.keys(first.inputs);
    for (const dropped of ['node_modules/lodash/', 'node_modules/moment/', 'node_modules/log4js/', 'node_modules/mime-db/', 'node_modules/follow-redirects/']) {
      expect(inputs.some((path) => path.includes(dropped)), dropped).toBe(false);
    }
    expect(inputs.filter((path) => path.includes('huaweicloud-sdk-functiongraph/v2/model/'))).toEqual([
      'node_modules/@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/AsyncInvokeFunctionRequest.js',
    ]);
  }, 30_000);
});

describe('Function: pruneFunctionGraphClient (deploy/pruneFunctionGraphClient.cjs)', () => {
  const source = readFileSync(FGS_CLIENT, 'utf8');

  it('keeps an operation as the SDK wrote it, and the models it needs, and drops the rest', () => {
    // Act
    const pruned = plugin.pruneFunctionGraphClient(source, ['asyncInvokeFunction']);

    // Assess
    const official = /\n {8}asyncInvokeFunction\(asyncInvokeFunctionRequest\) \{\n[\s\S]*?\n {8}\},\n/.exec(source)?.[0];
    expect(official).toBeDefined();
    expect(pruned).toContain(official!.replace(/,\n$/, ''));
    expect(pruned).toContain('require("./model/AsyncInvokeFunctionRequest")');
    expect(pruned).not.toContain('createFunction(');
    expect(pruned).not.toContain('require("./model/InvokeFunctionRequest")');
    expect(pruned.length).toBeLessThan(source.length / 20);
  });

  it('builds the same request options as the official client', () => {
    // Prepare
    const load = (code: string): { ParamCreater: () => Record<string, (r: unknown) => unknown> } => {
      const module = { exports: {} as Record<string, unknown> };
      new Function('exports', 'require', 'module', '__dirname', code)(module.exports, createRequire(FGS_CLIENT), module, '/');
      return module.exports as never;
    };
    const request = { function_urn: 'urn:fss:cn-north-4:p:function:default:f:latest', body: { key_id: 'k' }, 'X-Cff-Instance-Memory': 512 };

    // Act
    const fromPruned = load(plugin.pruneFunctionGraphClient(source, ['asyncInvokeFunction'])).ParamCreater().asyncInvokeFunction!(request);
    const fromOfficial = load(source).ParamCreater().asyncInvokeFunction!(request);

    // Assess
    expect(fromPruned).toEqual(fromOfficial);
  });

  it('fails the build when an operation is missing from the SDK', () => {
    expect(() => plugin.pruneFunctionGraphClient(source, ['noSuchOperation'])).toThrow(/has no noSuchOperation/);
  });
});

describe('Shims: what the Huawei SDK calls behaves as the real library', () => {
  it('moment: X-Sdk-Date parsing and formatting equal moment for any instant', () => {
    const moment = requireCjs('moment') as (input?: string) => { utcOffset(n: number): { format(f: string): string } };
    const shimmed = shim('moment') as typeof moment;
    const FORMAT = 'YYYYMMDDTHHmmss';
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01Z'), max: new Date('2200-01-01Z'), noInvalidDate: true }), (date) => {
        const sdkDate = date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
        expect(shimmed(sdkDate).utcOffset(0).format(FORMAT)).toBe(moment(sdkDate).utcOffset(0).format(FORMAT));
        const iso = date.toISOString();
        expect(shimmed(iso).utcOffset(0).format(FORMAT)).toBe(moment(iso).utcOffset(0).format(FORMAT));
      }),
    );
    expect(() => shimmed('20240102').utcOffset(0).format(FORMAT)).toThrow(/only/);
  });

  it('lodash: sortBy, includes and filter equal lodash', () => {
    const lodash = requireCjs('lodash') as Record<string, (...args: unknown[]) => unknown>;
    const shimmed = shim('lodash') as typeof lodash;
    const header = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,20}$/);
    fc.assert(
      fc.property(fc.array(header, { maxLength: 12 }), (names) => {
        const byLower = (x: unknown): string => String(x).toLocaleLowerCase();
        expect(shimmed['sortBy']!(names, byLower)).toEqual(lodash['sortBy']!(names, byLower));
        expect(shimmed['includes']!(names, names[0])).toBe(lodash['includes']!(names, names[0]));
        expect(shimmed['filter']!(names, (n: string) => n.length > 3)).toEqual(lodash['filter']!(names, (n: string) => n.length > 3));
      }),
    );
  });

  it('log4js: configuring and logging print nothing', () => {
    const log4js = shim('log4js') as { configure(c: unknown): unknown; getLogger(): Record<string, (...a: unknown[]) => void> };
    const printed = execFileSync(process.execPath, [
      '-e',
      `const l = require(${JSON.stringify(join(REPO_DIR, 'deploy', 'shims', 'log4js.cjs'))}); l.configure({}); const g = l.getLogger('x'); for (const m of ['trace','debug','info','warn','error','fatal']) g[m]('Authorization: secret');`,
    ]).toString();
    expect(printed).toBe('');
    expect(typeof log4js.getLogger()['error']).toBe('function');
  });

  it('form-data, https-proxy-agent: refuse to be used, saying so', () => {
    const FormData = shim('form-data') as new () => unknown;
    const agent = shim('https-proxy-agent') as () => unknown;
    expect(() => new FormData()).toThrow(/multipart bodies are not supported/);
    expect(() => agent()).toThrow(/proxies are not supported/);
  });

  it('uuid: v4 gives RFC 4122 version-4 ids', () => {
    const { v4 } = shim('uuid') as { v4(): string };
    expect(v4()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
