/**
 * `serverless package`, offline: osls with the FunctionGraph provider plugin builds one zip per function of
 * serverless.yml, and each unpacked bundle runs on plain `node` against the embedded cloud with the official
 * SDK signing (cost: one osls run ~3-5 s, a few bundle runs ~0.5 s each).
 */
import { unzipSync, strFromU8 } from 'fflate';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';
import type { TemporaryTestCredential } from '../helpers/emulator.js';
import { functionUrn, invocationsOf, runBundle, userDataFor, writeBundleDir } from './bundleRunner.js';
import { FUNCTION_KEYS } from './plugin.js';
import { runSls } from './sls.js';
import type { SlsResult } from './sls.js';

interface ManifestEntry {
  zip: string;
  sha256: string;
  bytes: number;
  bundleBytes: number;
  handler: string;
}

/** The goal for every bundle (bench/bundles.ts measures it): the official SDK's unused parts stay out. */
const MAX_BUNDLE_BYTES = 400 * 1024;

describe('Command: serverless package (osls + deploy/HuaweiCloudProvider.cjs)', () => {
  let outDir: string;
  let packaged: SlsResult;
  let manifest: Record<string, ManifestEntry>;
  const files = (key: string): Record<string, Uint8Array> => unzipSync(readFileSync(join(outDir, `${key}.zip`)));

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'byok-package-'));
    packaged = await runSls(['package', '--package', outDir]);
    manifest = JSON.parse(readFileSync(join(outDir, 'huaweicloud-manifest.json'), 'utf8')) as Record<string, ManifestEntry>;
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('packages every function of serverless.yml and says so, one line each', () => {
    expect(packaged.code, packaged.output).toBe(0);
    expect(Object.keys(manifest).sort()).toEqual([...FUNCTION_KEYS].sort());
    for (const key of FUNCTION_KEYS) expect(packaged.output).toMatch(new RegExp(`${key} +\\d+ KB bundle, +\\d+ KB zip +sha256 ${manifest[key]!.sha256.slice(0, 12)}`));
  });

  it('zips index.js at the root with a CommonJS package.json, handler index.handler, nothing else', () => {
    for (const key of FUNCTION_KEYS) {
      const zip = files(key);
      expect(Object.keys(zip), key).toEqual(['index.js', 'package.json']);
      expect(JSON.parse(strFromU8(zip['package.json']!))).toEqual({ type: 'commonjs' });
      expect(manifest[key]!.handler).toBe('index.handler');
      expect(zip['index.js']!.length).toBe(manifest[key]!.bundleBytes);
    }
  });

  it('bundles everything: the code requires only Node builtins (no tsx, no node_modules), ships no source map', () => {
    for (const key of FUNCTION_KEYS) {
      const code = strFromU8(files(key)['index.js']!);
      const required = [...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!);
      expect(required.filter((name) => !isBuiltin(name)), key).toEqual([]);
      expect(code).not.toMatch(/sourceMappingURL/);
      expect(code).not.toMatch(/tsx\/(esm|cjs)|@esbuild|esbuild-register/);
    }
  });

  it(`keeps each bundle under ${MAX_BUNDLE_BYTES / 1024} KB`, () => {
    for (const key of FUNCTION_KEYS) expect(manifest[key]!.bundleBytes, key).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
  });

  it('keeps the source maps beside the zips, pointing at the repository sources', () => {
    for (const key of FUNCTION_KEYS) {
      const map = JSON.parse(readFileSync(join(outDir, `${key}.js.map`), 'utf8')) as { sources: string[]; sourcesContent?: unknown };
      expect(map.sources.some((s) => s.endsWith(`functions/${key}.ts`)), key).toBe(true);
      expect(map.sourcesContent).toBeUndefined();
    }
  });

  describe('an unpacked bundle on plain node, against the embedded cloud', () => {
    let env: StageEnv;
    let credentials: TemporaryTestCredential;
    let dir: string;
    let keyId: string;

    beforeAll(async () => {
      env = await startStageEnv({ emulator: { clock: 'real' } });
      await env.createSecret('pkg-key', { secretBinary: randomMaterial().toString('base64') });
      const created = await env.dispatcher.runChain('create-key', { alias: 'pkg', secret: { name: 'pkg-key' } });
      keyId = String((created as { key_id?: string }).key_id);
      credentials = await env.emu.temporaryCredentials();
      dir = mkdtempSync(join(tmpdir(), 'byok-unpacked-'));
      const zip = files('fetch-parameters');
      writeBundleDir(dir, zip['index.js']!);
    });
    afterAll(async () => {
      await env.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('fetch-parameters answers for a managed key and hands on to wrap-material by a signed async invocation', async () => {
      // Prepare
      const userData = userDataFor(env.emu, 'pkg-');
      const wrapUrn = functionUrn(env.emu, 'pkg-wrap-material');

      // Act
      const run = await runBundle(dir, { event: { key_id: keyId }, credentials, projectId: env.emu.projectId, userData });

      // Assess
      expect(run.result).toMatchObject({ ok: true, stage: 'fetch-parameters', key_id: keyId });
      const handedOn = await invocationsOf(env.emu, wrapUrn);
      expect(handedOn).toHaveLength(1);
      expect(handedOn[0]!.body).toMatchObject({ key_id: keyId, correlation_id: run.result['correlation_id'] });
      expect(typeof handedOn[0]!.body['import_token']).toBe('string');
      for (const secret of [credentials.sk, credentials.securityToken]) {
        expect(JSON.stringify(run.result) + run.logs + run.stderr).not.toContain(secret);
      }
    });

    it('is refused by the cloud when its signature is wrong (the emulator checks what the bundle signs)', async () => {
      // Prepare
      const wrong = { ...credentials, sk: `${credentials.sk.slice(0, -1)}${credentials.sk.endsWith('A') ? 'B' : 'A'}` };

      // Act
      const run = await runBundle(dir, { event: { key_id: keyId }, credentials: wrong, projectId: env.emu.projectId, userData: userDataFor(env.emu) });

      // Assess
      expect(run.result).toMatchObject({ ok: false, stage: 'fetch-parameters' });
      expect(JSON.stringify(run.result)).toMatch(/APIG\.0301/);
      expect(run.logs).toMatch(/stage\.failed/);
      expect(JSON.stringify(run.result) + run.logs + run.stderr).not.toContain(wrong.sk);
    });
  });
});
