'use strict';
/**
 * `serverless remove`: deletes the functions deploy made for this service and stage (name and description
 * marker both match, see ownFunctions.cjs), each with its versions, aliases and triggers. Nothing else.
 */
const { listOwnFunctions, unversioned } = require('./ownFunctions.cjs');

/**
 * @param {{ api: import('./FunctionGraphApi.cjs').FunctionGraphApi, plan: object, write: (line: string) => void }} input
 * @returns {Promise<string[]>} the names deleted
 */
async function removeService({ api, plan, write }) {
  const own = await listOwnFunctions(api, plan);
  if (own.size === 0) {
    write(`Nothing to remove: no function of ${plan.service} stage ${plan.stage} in package ${plan.functionPackage}.`);
    return [];
  }
  const removed = [];
  for (const [name, fn] of own) {
    await api.call('deleteFunction', { function_urn: unversioned(String(fn.func_urn)) }, { allowMissing: true });
    removed.push(name);
    write(`function ${name} deleted (with its triggers)`);
  }
  return removed;
}

module.exports = { removeService };
