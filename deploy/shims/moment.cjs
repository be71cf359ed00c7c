'use strict';
/**
 * moment in a function bundle: the one use @huaweicloud/huaweicloud-sdk-core makes of it, in its request
 * signers: `moment(xSdkDate?).utcOffset(0).format('YYYYMMDDTHHmmss')` (X-Sdk-Date, UTC). Anything else throws,
 * so a new use in the SDK fails loudly in the bundle tests instead of signing wrong (~64 KB saved).
 */
const BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function parse(input) {
  if (input === undefined) return new Date();
  if (input instanceof Date) return new Date(input.getTime());
  const basic = typeof input === 'string' ? BASIC.exec(input) : null;
  if (basic) {
    const [, y, mo, d, h, mi, s] = basic.map(Number);
    return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  }
  // Extended ISO 8601 with an explicit zone, as moment also accepts.
  if (typeof input === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(input)) {
    return new Date(input);
  }
  throw new Error('moment shim: only YYYYMMDDTHHmmssZ or ISO 8601 dates with a zone are supported in function bundles');
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

function moment(input) {
  const date = parse(input);
  const self = {
    utcOffset: (offset) => {
      if (offset !== 0) throw new Error('moment shim: only utcOffset(0) is supported in function bundles');
      return self;
    },
    format: (pattern) => {
      if (pattern !== 'YYYYMMDDTHHmmss') throw new Error('moment shim: only format("YYYYMMDDTHHmmss") is supported in function bundles');
      if (Number.isNaN(date.getTime())) return 'Invalid date';
      return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
    },
  };
  return self;
}

module.exports = moment;
module.exports.default = moment;
