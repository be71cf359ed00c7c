'use strict';
/**
 * One function's code and configuration: created when missing, else code uploaded only when the zip's digest
 * differs (it travels as the code file name, `index-<sha256>.zip`, which FunctionGraph keeps for zip code) and
 * configuration updated only when a field differs.
 */
const { describedAs } = require('./ownFunctions.cjs');

const CODE_NAME = /^index-([0-9a-f]{32})\.zip$/;

/** The file name that carries the zip's digest. */
function codeFilename(sha256) {
  return `index-${sha256.slice(0, 32)}.zip`;
}

/** The digest a deployed function's code file name carries, if deploy wrote it. */
function deployedDigest(fn) {
  return CODE_NAME.exec(String(fn?.code_filename ?? ''))?.[1];
}

/** The configuration FunctionGraph should hold, as wire fields. */
function desiredConfig(plan, fn, artifact, userData) {
  return {
    func_name: fn.name,
    runtime: fn.runtime,
    handler: artifact.handler,
    memory_size: fn.memorySize,
    timeout: fn.timeout,
    user_data: JSON.stringify(userData),
    xrole: plan.configAgency,
    app_xrole: plan.agency,
    description: describedAs(plan, fn.description),
  };
}

function sameUserData(a, b) {
  const parse = (text) => {
    try {
      return JSON.parse(text || '{}');
    } catch {
      return undefined;
    }
  };
  const left = parse(a);
  const right = parse(b);
  if (!left || !right) return false;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((k) => String(left[k]) === String(right[k]));
}

/** Fields of `desired` that `current` does not match. */
function configDrift(desired, current) {
  return Object.keys(desired).filter((field) => {
    if (field === 'func_name') return false;
    if (field === 'user_data') return !sameUserData(desired.user_data, current.user_data);
    return String(desired[field] ?? '') !== String(current[field] ?? '');
  });
}

/**
 * Makes one function match the plan; answers what was done, for the deploy report.
 *
 * @param {{ api: import('./FunctionGraphApi.cjs').FunctionGraphApi, plan: object, fn: object, artifact: { sha256: string, handler: string },
 *   zip: () => Promise<Uint8Array>, current: Record<string, unknown> | undefined, userData: Record<string, string> }} input
 * @returns {Promise<{ urn: string, actions: string[] }>} actions: [] when nothing changed
 */
async function deployFunction({ api, plan, fn, artifact, zip, current, userData }) {
  const desired = desiredConfig(plan, fn, artifact, userData);
  const file = codeFilename(artifact.sha256);
  if (current === undefined) {
    const created = await api.call('createFunction', {
      body: { ...desired, package: plan.functionPackage, code_type: 'zip', code_filename: file, func_code: { file: Buffer.from(await zip()).toString('base64') } },
    });
    return { urn: created.func_urn ?? api.functionUrn(plan.functionPackage, fn.name), actions: ['created'] };
  }
  const urn = String(current.func_urn ?? api.functionUrn(plan.functionPackage, fn.name));
  const actions = [];
  if (deployedDigest(current) !== artifact.sha256.slice(0, 32)) {
    await api.call('updateFunctionCode', {
      function_urn: urn,
      body: { code_type: 'zip', code_filename: file, func_code: { file: Buffer.from(await zip()).toString('base64') } },
    });
    actions.push('code updated');
  }
  // The listing may abbreviate; read the full configuration before comparing.
  const config = await api.call('showFunctionConfig', { function_urn: urn });
  const drift = configDrift(desired, config);
  if (drift.length > 0) {
    await api.call('updateFunctionConfig', { function_urn: urn, body: desired });
    actions.push(`config updated (${drift.join(', ')})`);
  }
  return { urn, actions };
}

module.exports = { codeFilename, deployFunction, deployedDigest, desiredConfig };
