'use strict';
/**
 * The repository's own TypeScript helpers, loaded into this CommonJS plugin through tsx's CommonJS API (scoped:
 * it registers no global hooks), so the deployment reads credentials, endpoints and function URN variables
 * exactly as the `byok` command and the functions do.
 */
const { require: tsRequire } = require('tsx/cjs/api');

let loaded;

/**
 * @returns {{
 *   config: typeof import('../lib/huawei/config.ts'),
 *   sdkLogging: typeof import('../lib/huawei/sdkLogging.ts'),
 *   functionUrns: typeof import('../lib/huawei/functionUrns.ts'),
 *   userAgent: typeof import('../lib/huawei/userAgent.ts'),
 *   ports: typeof import('../lib/ports/index.ts'),
 * }}
 */
function repoModules() {
  loaded ??= {
    config: tsRequire('../lib/huawei/config.ts', __filename),
    sdkLogging: tsRequire('../lib/huawei/sdkLogging.ts', __filename),
    functionUrns: tsRequire('../lib/huawei/functionUrns.ts', __filename),
    userAgent: tsRequire('../lib/huawei/userAgent.ts', __filename),
    ports: tsRequire('../lib/ports/index.ts', __filename),
  };
  return loaded;
}

module.exports = { repoModules };
