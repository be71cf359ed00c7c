'use strict';
/**
 * The plugin's one error: a sentence saying what failed and what to do, never a credential or a request body.
 * HuaweiCloudProvider.cjs turns it into osls's own error (printed without a stack trace).
 */
class DeployError extends Error {
  /**
   * @param {string} message what failed and what to do
   * @param {{ code?: string, fields?: string[], cause?: unknown }} [details]
   */
  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DeployError';
    /** FunctionGraph's error code (`FSS.0404`, ...) or one of ours (`BYOK_DEPLOY_CONFIG`). */
    this.code = details.code ?? 'BYOK_DEPLOY';
    /** Configuration fields at fault, e.g. `functions.renew-expiring.memorySize`. */
    this.fields = details.fields ?? [];
  }
}

module.exports = { DeployError };
