'use strict';
/**
 * `serverless invoke -f NAME [--data JSON | --path FILE] [--log]`: one synchronous invocation of a deployed
 * function (`POST …/invocations`), printing what the handler answered (and FunctionGraph's log tail with --log).
 */
const { readFileSync } = require('node:fs');
const { DeployError } = require('./errors.cjs');
const { listOwnFunctions, withVersion } = require('./ownFunctions.cjs');

function eventOf(options) {
  const text = options.data ?? (options.path ? readFileSync(options.path, 'utf8') : '{}');
  try {
    return JSON.parse(text);
  } catch {
    throw new DeployError(`--${options.data !== undefined ? 'data' : 'path'} must be JSON (the event the handler receives)`, { code: 'BYOK_DEPLOY_INPUT' });
  }
}

function pretty(result) {
  try {
    return JSON.stringify(typeof result === 'string' ? JSON.parse(result) : result, null, 2);
  } catch {
    return String(result);
  }
}

/**
 * @param {{ api: import('./FunctionGraphApi.cjs').FunctionGraphApi, plan: object, options: { function?: string, data?: string, path?: string, log?: boolean },
 *   write: (line: string) => void }} input
 * @returns {Promise<unknown>} the handler's answer, parsed when it is JSON
 */
async function invokeFunction({ api, plan, options, write }) {
  const fn = plan.functions.find((f) => f.key === options.function);
  if (fn === undefined) {
    throw new DeployError(`no function ${options.function} in serverless.yml (functions: ${plan.functions.map((f) => f.key).join(', ')})`, { code: 'BYOK_DEPLOY_INPUT' });
  }
  const deployed = (await listOwnFunctions(api, plan)).get(fn.name);
  if (deployed === undefined) throw new DeployError(`${fn.name} is not deployed: run serverless deploy first`, { code: 'BYOK_DEPLOY_INPUT' });
  const answer = await api.call('invokeFunction', {
    function_urn: withVersion(String(deployed.func_urn)),
    body: eventOf(options),
    ...(options.log ? { 'X-Cff-Log-Type': 'tail' } : {}),
  });
  write(pretty(answer.result));
  if (options.log && answer.log) write(String(answer.log));
  if (answer.status !== undefined && Number(answer.status) !== 200) {
    throw new DeployError(`${fn.name} failed (status ${answer.status}, request ${answer.request_id ?? '?'}): see its logs`, { code: 'BYOK_DEPLOY_INVOKE' });
  }
  try {
    return typeof answer.result === 'string' ? JSON.parse(answer.result) : answer.result;
  } catch {
    return answer.result;
  }
}

module.exports = { invokeFunction };
