#!/usr/bin/env node
'use strict';
/**
 * Runs one packaged function the way FunctionGraph's Node.js runtime does, on plain `node` (no tsx): the user
 * data become environment variables, `index.js` is required, and `handler(event, context)` is called once with a
 * context shaped like FunctionGraph's, carrying the given temporary credentials. Prints one JSON line,
 * `{"result": <what the handler answered>, "timing": {"start_ms", "load_ms", "invoke_ms"}}` (start: Node's own start
 * until this script ran; load: requiring index.js; invoke: the handler), and exits (FunctionGraph would freeze
 * the instance; here nothing may keep the process alive).
 *
 *   node deploy/runBundle.cjs <folder holding index.js> < invocation.json
 *
 * invocation.json: `{ "event": {...}, "credentials": {"ak","sk","securityToken"}, "projectId", "userData": {...},
 * "functionName", "timeoutMs", "handler": "handler" }`. Read from stdin so that no credential appears in a
 * process listing.
 */
const { randomUUID } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

function fgContext(input) {
  const started = Date.now();
  const timeoutMs = input.timeoutMs ?? 30_000;
  const requestId = randomUUID();
  const userData = input.userData ?? {};
  const credentials = input.credentials ?? {};
  const log = (level) => (...message) => process.stderr.write(`${new Date().toISOString()} ${requestId} ${level} ${message.join(' ')}\n`);
  return {
    getRequestID: () => requestId,
    getRemainingTimeInMilliSeconds: () => Math.max(0, started + timeoutMs - Date.now()),
    getSecurityAccessKey: () => credentials.ak ?? '',
    getSecuritySecretKey: () => credentials.sk ?? '',
    getSecurityToken: () => credentials.securityToken ?? '',
    getToken: () => '',
    getUserData: (key) => (Object.hasOwn(userData, key) ? userData[key] : undefined),
    getFunctionName: () => input.functionName ?? 'byok-local',
    getRunningTimeInSeconds: () => Math.ceil(timeoutMs / 1000),
    getVersion: () => 'latest',
    getMemorySize: () => input.memorySize ?? 256,
    getCPUNumber: () => 1,
    getPackage: () => 'default',
    getAlias: () => '',
    getLogger: () => ({ debug: log('DEBUG'), info: log('INFO'), warn: log('WARN'), error: log('ERROR'), setLevel: () => {} }),
    getProjectID: () => input.projectId ?? '',
  };
}

async function main() {
  const folder = resolve(process.argv[2] ?? '.');
  const input = JSON.parse(readFileSync(0, 'utf8'));
  for (const [name, value] of Object.entries(input.userData ?? {})) process.env[name] = value;
  if (input.projectId) process.env.RUNTIME_PROJECT_ID = input.projectId;
  const loadStarted = performance.now();
  const handler = require(join(folder, 'index.js'))[input.handler ?? 'handler'];
  if (typeof handler !== 'function') throw new Error(`${folder}/index.js exports no function ${input.handler ?? 'handler'}`);
  const invokeStarted = performance.now();
  const result = await handler(input.event ?? {}, fgContext(input));
  const timing = { start_ms: loadStarted, load_ms: invokeStarted - loadStarted, invoke_ms: performance.now() - invokeStarted };
  process.stdout.write(`${JSON.stringify({ result: result ?? null, timing })}\n`, () => process.exit(0));
}

main().catch((error) => {
  process.stderr.write(`runBundle: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
