'use strict';
/**
 * lodash in a function bundle: the three functions @huaweicloud/huaweicloud-sdk-core calls (`sortBy` in the
 * request signer, `includes` and `filter` in its IAM region lookup), instead of all of lodash (~74 KB).
 */

/** Stable sort by one iteratee, like lodash's `sortBy(collection, fn)` (strings compare by code unit). */
function sortBy(collection, iteratee) {
  const by = typeof iteratee === 'function' ? iteratee : (value) => value[iteratee];
  return Array.from(collection ?? [])
    .map((value, index) => ({ value, index, key: by(value) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index))
    .map((entry) => entry.value);
}

function includes(collection, value) {
  if (collection == null) return false;
  if (typeof collection === 'string') return collection.includes(value);
  return (Array.isArray(collection) ? collection : Object.values(collection)).includes(value);
}

function filter(collection, predicate) {
  if (collection == null) return [];
  return (Array.isArray(collection) ? collection : Object.values(collection)).filter(predicate);
}

module.exports = { sortBy, includes, filter };
