'use strict';
/**
 * log4js in a function bundle: prints nothing, ever. The Huawei SDK configures log4js when imported and
 * logs failed requests with their Authorization header, security token and body; lib/huawei/sdkLogging.ts
 * turns that off at run time, and in a bundle this shim makes it impossible (and drops ~90 KB: log4js,
 * streamroller, fs-extra, date-format, debug).
 */
const noop = () => {};
const logger = {
  level: 'off',
  category: 'default',
  isLevelEnabled: () => false,
  setParseCallStackFunction: noop,
  addContext: noop,
  removeContext: noop,
  clearContext: noop,
};
for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'mark', 'log']) logger[level] = noop;

module.exports = {
  configure: () => module.exports,
  getLogger: () => logger,
  isConfigured: () => true,
  shutdown: (callback) => void (typeof callback === 'function' && callback()),
  addLayout: noop,
  levels: {},
  connectLogger: () => (_req, _res, next) => next(),
  recording: () => ({ replay: () => [], reset: noop }),
};
module.exports.default = module.exports;
