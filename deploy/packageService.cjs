'use strict';
/**
 * `serverless package`: one zip per function in `.serverless/` (`<function>.zip`, with its source map beside it
 * as `<function>.js.map`, never inside), and `huaweicloud-manifest.json` listing each zip's digest for deploy.
 */
const { mkdir, readFile, writeFile } = require('node:fs/promises');
const { join, relative } = require('node:path');
const { bundleFunction } = require('./bundleFunction.cjs');
const { DeployError } = require('./errors.cjs');
const { RUNTIME_TARGETS } = require('./limits.cjs');
const { zipBundle } = require('./zipBundle.cjs');

const MANIFEST = 'huaweicloud-manifest.json';

/**
 * @param {{ plan: ReturnType<typeof import('./validateConfig.cjs').validateConfig>, outDir: string, write: (line: string) => void }} input
 * @returns {Promise<Record<string, { zip: string, sha256: string, bytes: number, bundleBytes: number }>>} by function key
 */
async function packageService({ plan, outDir, write }) {
  await mkdir(outDir, { recursive: true });
  const manifest = {};
  // One at a time: esbuild is fast, and two cores are shared with whatever else runs.
  for (const fn of plan.functions) {
    const bundle = await bundleFunction({ entry: fn.entry, target: RUNTIME_TARGETS[fn.runtime] });
    const { zip, sha256 } = zipBundle(bundle.code);
    const zipFile = join(outDir, `${fn.key}.zip`);
    await writeFile(zipFile, zip);
    await writeFile(join(outDir, `${fn.key}.js.map`), bundle.map);
    // The zip is named relative to the manifest's folder, so a package can be moved or copied whole.
    manifest[fn.key] = { zip: `${fn.key}.zip`, sha256, bytes: zip.length, bundleBytes: bundle.code.length, handler: `index.${fn.exportName}` };
    write(`${fn.key.padEnd(18)} ${kb(bundle.code.length)} bundle, ${kb(zip.length)} zip  sha256 ${sha256.slice(0, 12)}`);
  }
  await writeFile(join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The manifest `package` wrote, checked against the plan and the zips on disk. */
async function readManifest({ plan, serviceDir, outDir }) {
  let manifest;
  try {
    manifest = JSON.parse(await readFile(join(outDir, MANIFEST), 'utf8'));
  } catch {
    throw new DeployError(`no package in ${relative(serviceDir, outDir) || '.'}: run serverless package (or deploy without --package)`, { code: 'BYOK_DEPLOY_PACKAGE' });
  }
  for (const fn of plan.functions) {
    if (manifest[fn.key] === undefined) {
      throw new DeployError(`the package has no zip for ${fn.key}: run serverless package again`, { code: 'BYOK_DEPLOY_PACKAGE' });
    }
  }
  return manifest;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(0).padStart(4)} KB`;

module.exports = { MANIFEST, packageService, readManifest };
