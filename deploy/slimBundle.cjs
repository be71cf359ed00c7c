'use strict';
/**
 * The esbuild plugin that keeps function bundles small: the Huawei SDK's dependencies the functions never
 * exercise are replaced by the small shims in deploy/shims (each says what it stands in for), and the
 * FunctionGraph client keeps only the operations the runtime calls. Signing, transport (axios) and every
 * request the functions send stay the official SDK's code.
 */
const { readFile } = require('node:fs/promises');
const { dirname, join } = require('node:path');
const { pruneFunctionGraphClient } = require('./pruneFunctionGraphClient.cjs');

/** Package name → shim file. */
const SHIMS = Object.freeze({
  'log4js': 'log4js.cjs',
  'lodash': 'lodash.cjs',
  'moment': 'moment.cjs',
  'form-data': 'form-data.cjs',
  'uuid': 'uuid.cjs',
  'https-proxy-agent': 'https-proxy-agent.cjs',
  'follow-redirects': 'follow-redirects.cjs',
});

/**
 * Node modules that dependencies import at load time but use only on paths the functions never take: axios's
 * HTTP/2 transport (`http2` alone loads 85 internal modules) and middy's streamed responses (`stream/web`). In a
 * bundle they load on first use instead, which keeps them off the cold start.
 */
const LAZY_BUILTINS = Object.freeze(['http2', 'stream/web']);

/** What the functions call on the FunctionGraph client (lib/huawei/FunctionGraphDispatcher.ts). */
const FUNCTION_GRAPH_OPERATIONS = Object.freeze(['asyncInvokeFunction']);

const SHIMMED = new RegExp(`^(${Object.keys(SHIMS).map((name) => name.replace(/[-/]/g, '\\$&')).join('|')})$`);
const FGS_CLIENT = /huaweicloud-sdk-functiongraph[\\/]v2[\\/]FunctionGraphClient\.js$/;
const LAZY = new RegExp(`^(node:)?(${LAZY_BUILTINS.map((name) => name.replace('/', '\\/')).join('|')})$`);
const LAZY_NAMESPACE = 'byok-lazy-builtin';
const AXIOS_NODE = /[\\/]axios[\\/]dist[\\/]node[\\/]axios\.cjs$/;
/**
 * Two lines of axios read the fetch API's globals when it is loaded, which makes Node load undici (about half a
 * bare Node start). The functions use axios's http adapter; neither global is needed at load. Each patch must
 * match exactly once, or the build fails.
 */
const AXIOS_PATCHES = Object.freeze([
  // The fetch adapter's capability probe, also run on first use of that adapter.
  ['\ngetFetch();\n', '\n'],
  // Without the cached constructor, isFormData still recognises FormData by its toString tag.
  ["const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;", 'const FormDataCtor = undefined;'],
]);

/**
 * A module whose properties are getters that load the real builtin on first access. The property names are the
 * builtin's own, read when bundling (esbuild's interop copies names, never values, so nothing loads early).
 */
function lazyBuiltinSource(name) {
  const keys = Object.keys(require(`node:${name}`));
  return [
    `let loaded;`,
    `const load = () => (loaded ??= require(${JSON.stringify(`node:${name}`)}));`,
    ...keys.map((key) => `Object.defineProperty(exports, ${JSON.stringify(key)}, { enumerable: true, get: () => load()[${JSON.stringify(key)}] });`),
  ].join('\n');
}

/**
 * @param {{ operations?: readonly string[] }} [options]
 * @returns {import('esbuild').Plugin}
 */
function slimBundle(options = {}) {
  const operations = options.operations ?? FUNCTION_GRAPH_OPERATIONS;
  return {
    name: 'byok-slim-bundle',
    setup(build) {
      build.onResolve({ filter: SHIMMED }, (args) => ({ path: join(__dirname, 'shims', SHIMS[args.path]) }));
      build.onResolve({ filter: LAZY }, (args) =>
        // The lazy module's own require() of the builtin stays a plain external require.
        args.namespace === LAZY_NAMESPACE ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: LAZY_NAMESPACE },
      );
      build.onLoad({ filter: /.*/, namespace: LAZY_NAMESPACE }, (args) => ({ contents: lazyBuiltinSource(args.path), loader: 'js' }));
      build.onLoad({ filter: AXIOS_NODE }, async (args) => {
        let source = await readFile(args.path, 'utf8');
        for (const [find, replace] of AXIOS_PATCHES) {
          if (source.split(find).length !== 2) throw new Error(`${args.path} changed (${JSON.stringify(find)} is not there once); update deploy/slimBundle.cjs`);
          source = source.replace(find, replace);
        }
        return { contents: source, loader: 'js', resolveDir: dirname(args.path) };
      });
      build.onLoad({ filter: FGS_CLIENT }, async (args) => ({
        contents: pruneFunctionGraphClient(await readFile(args.path, 'utf8'), operations),
        loader: 'js',
        resolveDir: dirname(args.path),
      }));
    },
  };
}

module.exports = { FUNCTION_GRAPH_OPERATIONS, LAZY_BUILTINS, SHIMS, slimBundle };
