/**
 * The child process of one invocation: receives the invocation over IPC, loads the configured handler
 * (`index.handler` = export `handler` of `index.js` in the code folder, CommonJS; an ES module is imported),
 * calls it with the event and a FunctionGraph-shaped context, and answers `{ok, result | error, maxRssKb}`.
 * A handler that returns (or resolves, or calls back) a value succeeded, whatever the value; one that throws,
 * rejects, calls back an error or ends the process without answering failed.
 */
'use strict';
const path = require('node:path');
const util = require('node:util');
const { pathToFileURL } = require('node:url');
const { performance } = require('node:perf_hooks');

function describeError(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name || 'Error',
      errorMessage: error.message,
      stackTrace: String(error.stack || '').split('\n').slice(1).map((line) => line.trim()).filter(Boolean),
    };
  }
  return { errorType: typeof error, errorMessage: typeof error === 'string' ? error : util.inspect(error), stackTrace: [] };
}

/** Waits until everything written to stdout/stderr so far has left the process. */
function flushed() {
  const flush = (stream) => new Promise((resolve) => stream.write('', () => resolve()));
  return Promise.all([flush(process.stdout), flush(process.stderr)]);
}

let answered = false;
function answer(message) {
  if (answered) return;
  answered = true;
  try {
    JSON.stringify(message.result);
  } catch (error) {
    message = { ok: false, error: describeError(error) };
  }
  const maxRssKb = process.resourceUsage().maxRSS;
  flushed().then(() => process.send({ ...message, maxRssKb }, () => process.exit(0)));
}

function createLogger(requestId) {
  const levels = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
  let threshold = 1;
  const write = (level) => (...args) => {
    if (levels.indexOf(level) < threshold) return;
    process.stdout.write(`${new Date().toISOString()} ${requestId} ${level} ${util.format(...args)}\n`);
  };
  return {
    debug: write('DEBUG'),
    info: write('INFO'),
    warn: write('WARN'),
    error: write('ERROR'),
    setLevel(level) {
      const index = levels.indexOf(String(level).toUpperCase());
      if (index >= 0) threshold = index;
    },
  };
}

function createContext(invocation) {
  const startedMs = performance.now();
  const meta = invocation.function;
  const credential = invocation.credential;
  const userData = invocation.userData;
  const logger = createLogger(invocation.requestId);
  return Object.freeze({
    getRequestID: () => invocation.requestId,
    getRemainingTimeInMilliSeconds: () => Math.max(0, Math.round(invocation.remainingMs - (performance.now() - startedMs))),
    getSecurityAccessKey: () => credential.access,
    getSecuritySecretKey: () => credential.secret,
    getSecurityToken: () => credential.securityToken,
    getToken: () => credential.authToken,
    // "No longer maintained" per Huawei: permanent keys are never handed to functions.
    getAccessKey: () => '',
    getSecretKey: () => '',
    getUserData: (key) => (Object.prototype.hasOwnProperty.call(userData, key) ? userData[key] : undefined),
    getFunctionName: () => meta.name,
    getRunningTimeInSeconds: () => meta.timeoutSeconds,
    getVersion: () => meta.version,
    getMemorySize: () => meta.memoryMb,
    getCPUNumber: () => meta.cpu,
    getPackage: () => meta.package,
    getProjectID: () => meta.projectId,
    getAlias: () => '',
    getLogger: () => logger,
  });
}

async function loadHandler(codeRoot, handler) {
  const dot = handler.lastIndexOf('.');
  const file = path.join(codeRoot, `${handler.slice(0, dot)}.js`);
  const name = handler.slice(dot + 1);
  let mod;
  try {
    mod = require(file);
  } catch (error) {
    if (error && error.code === 'ERR_REQUIRE_ESM') mod = await import(pathToFileURL(file).href);
    else throw error;
  }
  const fn = mod && (mod[name] ?? (mod.default && mod.default[name]));
  if (typeof fn !== 'function') {
    const error = new Error(`handler ${name} is not a function exported by ${handler.slice(0, dot)}.js`);
    error.name = 'HandlerNotFound';
    throw error;
  }
  return fn;
}

async function invoke(invocation) {
  const fn = await loadHandler(invocation.codeRoot, invocation.handler);
  const context = createContext(invocation);
  const event = JSON.parse(invocation.event);
  if (fn.length >= 3) {
    return new Promise((resolve, reject) => {
      const callback = (error, result) => (error ? reject(error) : resolve(result));
      Promise.resolve(fn(event, context, callback)).catch(reject);
    });
  }
  return fn(event, context);
}

process.on('uncaughtException', (error) => answer({ ok: false, error: describeError(error) }));
process.once('message', (invocation) => {
  invoke(invocation).then(
    (result) => answer({ ok: true, result: result === undefined ? null : result }),
    (error) => answer({ ok: false, error: describeError(error) }),
  );
});
