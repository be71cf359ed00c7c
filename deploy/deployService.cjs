'use strict';
/**
 * `serverless deploy`: makes FunctionGraph match the plan and the package, function by function (code and
 * configuration, then async-invoke settings, then triggers, so nothing triggers a function before it is right).
 * Every step reads before it writes, so a second deploy with nothing changed writes nothing and says so, and a
 * deploy that stopped halfway is completed by the next one.
 *
 * The stage functions reach each other by asynchronous invocation: every function gets each stage function's URN
 * as user data `BYOK_FN_URN_<STAGE>` (lib/huawei/functionUrns.ts). URNs are known before anything is created
 * (`urn:fss:<region>:<project>:function:<package>:<name>:latest`), so one pass suffices.
 */
const { createHash } = require('node:crypto');
const { readFile } = require('node:fs/promises');
const { resolve } = require('node:path');
const { deployAsyncConfig } = require('./deployAsyncConfig.cjs');
const { deployFunction } = require('./deployFunction.cjs');
const { deployTriggers } = require('./deployTriggers.cjs');
const { DeployError } = require('./errors.cjs');
const { USER_DATA_MAX_CHARS, USER_DATA_MAX_ENTRIES } = require('./limits.cjs');
const { listOwnFunctions, withVersion } = require('./ownFunctions.cjs');
const { repoModules } = require('./repoModules.cjs');

/** `BYOK_FN_URN_<STAGE>` → URN for every function of the plan that is a stage (lib/ports StageName). */
function stageUrns(plan, urnOfKey) {
  const { ports, functionUrns } = repoModules();
  const stages = new Set(Object.values(ports.StageName));
  return Object.fromEntries(plan.functions.filter((fn) => stages.has(fn.key)).map((fn) => [functionUrns.functionUrnVariable(fn.key), urnOfKey(fn.key)]));
}

async function zipReader(outDir, artifact, key) {
  const zip = await readFile(resolve(outDir, artifact.zip));
  if (createHash('sha256').update(zip).digest('hex') !== artifact.sha256) {
    throw new DeployError(`${artifact.zip} changed since it was packaged (for ${key}): run serverless package again`, { code: 'BYOK_DEPLOY_PACKAGE' });
  }
  return zip;
}

/**
 * @param {{ api: import('./FunctionGraphApi.cjs').FunctionGraphApi, plan: object, manifest: object, outDir: string,
 *   write: (line: string) => void }} input
 * @returns {Promise<{ changes: number, urns: Record<string, string> }>}
 */
async function deployService({ api, plan, manifest, outDir, write }) {
  const existing = await listOwnFunctions(api, plan);
  const urnOfKey = (key) => {
    const name = `${plan.service}-${plan.stage}-${key}`;
    const listed = existing.get(name)?.func_urn;
    return listed ? withVersion(String(listed)) : api.functionUrn(plan.functionPackage, name);
  };
  const urnVariables = stageUrns(plan, urnOfKey);
  let changes = 0;
  const urns = {};
  for (const fn of plan.functions) {
    const userData = { ...fn.environment, ...urnVariables };
    const chars = Object.entries(userData).reduce((sum, [name, value]) => sum + name.length + value.length, 0);
    if (chars > USER_DATA_MAX_CHARS || Object.keys(userData).length > USER_DATA_MAX_ENTRIES) {
      throw new DeployError(`functions.${fn.key}.environment: user data with the stage URNs exceeds FunctionGraph's ${USER_DATA_MAX_ENTRIES} entries or ${USER_DATA_MAX_CHARS} characters; shorten it`, {
        code: 'BYOK_DEPLOY_CONFIG',
        fields: [`functions.${fn.key}.environment`],
      });
    }
    const artifact = manifest[fn.key];
    const { urn, actions } = await deployFunction({
      api,
      plan,
      fn,
      artifact,
      zip: () => zipReader(outDir, artifact, fn.key),
      current: existing.get(fn.name),
      userData,
    });
    urns[fn.key] = withVersion(urn);
    changes += actions.length;
    write(`${fn.key.padEnd(18)} function ${fn.name} ${actions.length === 0 ? 'unchanged' : actions.join(', ')}`);
    const asyncLine = await deployAsyncConfig({ api, urn: urns[fn.key], settings: fn.asyncInvoke, urnOfKey });
    const triggerLines = await deployTriggers({ api, urn: urns[fn.key], triggers: fn.triggers, fresh: actions.includes('created') });
    for (const entry of [asyncLine, ...triggerLines].filter(Boolean)) {
      if (entry.changed) changes++;
      write(`${''.padEnd(18)} ${entry.line}`);
    }
  }
  const stale = [...existing.keys()].filter((name) => !plan.functions.some((fn) => fn.name === name));
  for (const name of stale) write(`${''.padEnd(18)} function ${name} is not in serverless.yml any more and was left as it is (serverless remove deletes it)`);
  write(changes === 0 ? 'Nothing changed: FunctionGraph already matches serverless.yml (no code uploaded).' : `${changes} change${changes === 1 ? '' : 's'} made.`);
  return { changes, urns };
}

module.exports = { deployService, stageUrns };
