'use strict';
/**
 * The zip FunctionGraph gets: `index.js` at the root (handler `index.<export>`) and a `package.json` that makes
 * it CommonJS whatever surrounds it. Deterministic (sorted entries, fixed times and attributes, fixed
 * compression), so the same bundle always gives the same bytes and digest, and an unchanged function uploads
 * nothing.
 */
const { createHash } = require('node:crypto');
const { zipSync, strToU8 } = require('fflate');

/** fflate writes DOS times from a Date's local fields: a local-time 1980-01-01 gives the same bytes in every zone. */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const PACKAGE_JSON = `${JSON.stringify({ type: 'commonjs' })}\n`;

/**
 * @param {Uint8Array} code  the bundle (`index.js`)
 * @returns {{ zip: Uint8Array, sha256: string }}
 */
function zipBundle(code) {
  const files = { 'index.js': code, 'package.json': strToU8(PACKAGE_JSON) };
  const entries = Object.fromEntries(
    Object.keys(files)
      .sort()
      .map((name) => [name, [files[name], { mtime: FIXED_MTIME, level: 9, os: 3, attrs: 0o100644 << 16 }]]),
  );
  const zip = zipSync(entries);
  return { zip, sha256: createHash('sha256').update(zip).digest('hex') };
}

module.exports = { zipBundle };
