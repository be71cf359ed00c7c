'use strict';
/**
 * FunctionGraph's limits the configuration is checked against (docs/huawei-api.md, FunctionGraph: function
 * model, timer trigger, asynchronous invocation), and the runtimes the bundles are built for.
 */

/** Runtime → esbuild target. FunctionGraph's Node.js 20.15 has no require(esm): bundles are CommonJS. */
const RUNTIME_TARGETS = Object.freeze({ 'Node.js20.15': 'node20.15' });

const MEMORY_SIZES_MB = Object.freeze([128, 256, 512, 768, 1024, 1280, 1536, 1792, 2048, 2560, 3072, 3584, 4096]);

const TIMEOUT_SECONDS = Object.freeze({ min: 3, max: 259_200 });
const ASYNC_RETRIES = Object.freeze({ min: 0, max: 3 });
const ASYNC_EVENT_AGE_SECONDS = Object.freeze({ min: 1, max: 86_400 });

/** Timer `Rate`: `<n>m` 1–60, `<n>h` 1–24, `<n>d` 1–30. */
const RATE_UNITS = Object.freeze({ m: 60, h: 24, d: 30 });

/** Function names: letter first, letter or digit last, letters, digits, `_` and `-`, at most 60. */
const FUNCTION_NAME = /^[A-Za-z](?:[A-Za-z0-9_-]{0,58}[A-Za-z0-9])?$/;
/** User data: at most 20 entries, names and values together within 4096 characters. */
const USER_DATA_MAX_CHARS = 4096;
const USER_DATA_MAX_ENTRIES = 20;

module.exports = {
  ASYNC_EVENT_AGE_SECONDS,
  ASYNC_RETRIES,
  FUNCTION_NAME,
  MEMORY_SIZES_MB,
  RATE_UNITS,
  RUNTIME_TARGETS,
  TIMEOUT_SECONDS,
  USER_DATA_MAX_CHARS,
  USER_DATA_MAX_ENTRIES,
};
