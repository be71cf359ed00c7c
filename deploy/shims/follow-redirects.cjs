'use strict';
/**
 * follow-redirects in a function bundle. axios loads it at start (with `assert` and `debug`) as its default
 * transport; lib/huawei/requestHooks.ts gives every request its own `transport`, so redirects are never followed
 * and this module is never used. Node's plain transports stand in.
 */
module.exports = { http: require('node:http'), https: require('node:https') };
