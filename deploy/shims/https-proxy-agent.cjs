'use strict';
/** https-proxy-agent in a function bundle: sdk-core loads it for an HTTP proxy option the functions never set. */
function HttpsProxyAgent() {
  throw new Error('HTTP proxies are not supported in byok-keeper function bundles');
}
module.exports = HttpsProxyAgent;
module.exports.default = HttpsProxyAgent;
module.exports.HttpsProxyAgent = HttpsProxyAgent;
