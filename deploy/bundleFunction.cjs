'use strict';
/**
 * One function's bundle: esbuild, CommonJS (FunctionGraph's Node.js 20.15 cannot require ES modules), minified,
 * for the runtime's Node version, every dependency inlined (no node_modules, no tsx at run time), with the
 * source map returned separately so it can be kept beside the zip instead of shipped.
 */
const esbuild = require('esbuild');
const { slimBundle } = require('./slimBundle.cjs');

/**
 * @param {{ entry: string, target: string, slim?: boolean }} input  e.g. `{ entry: '/repo/functions/create-key.ts', target: 'node20.15' }`
 * @returns {Promise<{ code: Uint8Array, map: Uint8Array, inputs: Record<string, number> }>}  inputs: bytes in the bundle per source file
 */
async function bundleFunction({ entry, target, slim = true }) {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target,
    minify: true,
    sourcemap: 'external',
    // The map's sources point back to the repository, never inside the zip.
    sourcesContent: false,
    legalComments: 'none',
    outfile: 'index.js',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: slim ? [slimBundle()] : [],
  });
  if (result.warnings.length > 0) {
    const text = await esbuild.formatMessages(result.warnings, { kind: 'warning' });
    throw new Error(`bundling ${entry} warned (fix the source, a warning is a runtime surprise):\n${text.join('\n')}`);
  }
  const code = result.outputFiles.find((f) => f.path.endsWith('index.js'));
  const map = result.outputFiles.find((f) => f.path.endsWith('index.js.map'));
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  const inputs = Object.fromEntries(Object.entries(output.inputs).map(([path, info]) => [path, info.bytesInOutput]));
  return { code: code.contents, map: map.contents, inputs };
}

module.exports = { bundleFunction };
