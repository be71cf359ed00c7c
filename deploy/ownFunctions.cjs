'use strict';
/**
 * Which FunctionGraph functions belong to this service and stage: named `<service>-<stage>-<function>` AND
 * described with the marker deploy writes. `remove` deletes only those, so a function someone else created under
 * a similar name is never touched.
 */

const MAX_PAGES = 100;

/** The marker ending every description deploy writes. */
function ownershipMarker(plan) {
  return `[serverless ${plan.service} ${plan.stage}]`;
}

/** The description deploy gives a function: the configured one, then the marker. */
function describedAs(plan, description) {
  return description ? `${description} ${ownershipMarker(plan)}` : ownershipMarker(plan);
}

function isOwn(plan, fn) {
  return (
    typeof fn.func_name === 'string' &&
    fn.func_name.startsWith(`${plan.service}-${plan.stage}-`) &&
    typeof fn.description === 'string' &&
    fn.description.endsWith(ownershipMarker(plan))
  );
}

/**
 * Every function of the service and stage in the configured package, by name (listFunctions, all pages).
 *
 * @param {import('./FunctionGraphApi.cjs').FunctionGraphApi} api
 * @returns {Promise<Map<string, Record<string, unknown>>>}
 */
async function listOwnFunctions(api, plan) {
  const own = new Map();
  let marker;
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = await api.call('listFunctions', {
      package_name: plan.functionPackage,
      maxitems: '400',
      ...(marker === undefined ? {} : { marker }),
    });
    for (const fn of body.functions ?? []) if (isOwn(plan, fn)) own.set(fn.func_name, fn);
    const next = body.next_marker;
    const count = Number(body.count ?? 0);
    if (next === undefined || next === null || String(next) === String(marker ?? '') || Number(next) >= count || (body.functions ?? []).length === 0) break;
    marker = String(next);
  }
  return own;
}

/** `urn:…:function:<package>:<name>:latest` → `urn:…:function:<package>:<name>` (the whole function). */
function unversioned(urn) {
  return urn.split(':').slice(0, 7).join(':');
}

/** A function URN with a version: `:latest` is added when FunctionGraph answered the bare function URN. */
function withVersion(urn) {
  return urn.split(':').length === 7 ? `${urn}:latest` : urn;
}

module.exports = { describedAs, isOwn, listOwnFunctions, ownershipMarker, unversioned, withVersion };
