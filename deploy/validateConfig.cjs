'use strict';
/**
 * Reads the service's configuration (as osls resolved it) into one plain plan: what each function is, where its
 * source is, its size, user data, async-invoke settings and triggers. Every value FunctionGraph would refuse is
 * reported at once, each naming its field, before anything is built or sent.
 */
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { DeployError } = require('./errors.cjs');
const limits = require('./limits.cjs');
const { timerSchedule } = require('./timerSchedule.cjs');

const DEFAULTS = Object.freeze({ memorySize: 256, timeout: 30, functionPackage: 'default' });
const SOURCE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cjs'];
/** Long-lived keys belong to no function: they get the execution agency's temporary credentials instead. */
const FORBIDDEN_USER_DATA = /^HUAWEICLOUD_SDK_(AK|SK|SECURITY_TOKEN)$/;

/** The source file and export named by `handler: functions/renew-expiring.handler`. */
function resolveHandler(serviceDir, handler, field, problems) {
  const dot = handler.lastIndexOf('.');
  const base = dot > 0 ? handler.slice(0, dot) : '';
  const exportName = dot > 0 ? handler.slice(dot + 1) : '';
  if (!base || !/^[A-Za-z_$][\w$]*$/.test(exportName)) {
    problems.push(`${field} must be <file>.<export>, e.g. functions/renew-expiring.handler`);
    return undefined;
  }
  const entry = SOURCE_EXTENSIONS.map((ext) => join(serviceDir, base + ext)).find((file) => existsSync(file));
  if (entry === undefined) problems.push(`${field}: no ${base}{${SOURCE_EXTENSIONS.join(',')}} in the service folder`);
  return entry === undefined ? undefined : { entry, exportName };
}

function checkRange(value, range, field, what, problems) {
  if (value !== undefined && (!Number.isInteger(value) || value < range.min || value > range.max)) {
    problems.push(`${field} must be ${what} from ${range.min} to ${range.max}, got ${value}`);
  }
}

function userData(values, field, problems) {
  const out = {};
  for (const [name, value] of Object.entries(values ?? {})) {
    if (FORBIDDEN_USER_DATA.test(name)) {
      problems.push(`${field}.${name}: never put keys into user data; the functions use the agency's temporary credentials`);
      continue;
    }
    const text = String(value).trim();
    if (text !== '') out[name] = text; // an empty value means "not set" to lib/huawei/config.ts
  }
  return out;
}

function asyncSettings(raw, field, problems) {
  if (raw === undefined) return undefined;
  checkRange(raw.maxRetries, limits.ASYNC_RETRIES, `${field}.maxRetries`, 'a whole number', problems);
  checkRange(raw.maxEventAgeSeconds, limits.ASYNC_EVENT_AGE_SECONDS, `${field}.maxEventAgeSeconds`, 'seconds', problems);
  const onFailure = raw.onFailure;
  if (onFailure !== undefined && Object.keys(onFailure).length !== 1) {
    problems.push(`${field}.onFailure must name exactly one destination: smn (a topic) or function`);
  }
  return { maxRetries: raw.maxRetries ?? 1, maxEventAgeSeconds: raw.maxEventAgeSeconds ?? 3600, onFailure };
}

function triggers(events, field, problems) {
  return (events ?? []).flatMap((event, index) => {
    const at = `${field}[${index}]`;
    const [kind] = Object.keys(event);
    const spec = event[kind];
    const status = spec.enabled === false ? 'DISABLED' : 'ACTIVE';
    if (kind === 'timer') {
      const schedule = timerSchedule(spec, `${at}.timer`, problems);
      if (schedule === undefined) return [];
      const userEvent = typeof spec.userEvent === 'object' ? JSON.stringify(spec.userEvent) : spec.userEvent;
      return [{ type: 'TIMER', name: spec.name, status, eventData: { name: spec.name, ...schedule, ...(userEvent === undefined ? {} : { user_event: userEvent }) } }];
    }
    if (kind === 'smn') return [{ type: 'SMN', name: spec.topic, status, topic: spec.topic }];
    if (kind === 'cts') return [{ type: 'CTS', name: spec.name, status, eventData: { name: spec.name, operations: spec.operations } }];
    problems.push(`${at}: unknown event ${kind}; use timer, smn or cts`);
    return [];
  });
}

/**
 * The plan of a service, or a {@link DeployError} listing every problem.
 *
 * @param {{ serviceDir: string, service: string, stage: string, region: string, provider: object, functions: Record<string, object> }} input
 */
function validateConfig({ serviceDir, service, stage, region, provider, functions }) {
  const problems = [];
  const runtimeOf = (value, field) => {
    if (limits.RUNTIME_TARGETS[value] === undefined) {
      problems.push(`${field} must be one of ${Object.keys(limits.RUNTIME_TARGETS).join(', ')} (the runtimes the bundles are built for), got ${value}`);
    }
    return value;
  };
  const runtime = runtimeOf(provider.runtime ?? 'Node.js20.15', 'provider.runtime');
  if (!provider.agency) problems.push('provider.agency must name the execution agency (app_xrole) whose temporary credentials the functions use');
  const common = userData(provider.environment, 'provider.environment', problems);
  const plan = (Object.entries(functions ?? {})).map(([key, fn]) => {
    const field = `functions.${key}`;
    const name = `${service}-${stage}-${key}`;
    if (!limits.FUNCTION_NAME.test(name)) {
      problems.push(`${field}: the function name ${name} (<service>-<stage>-<function>) must start with a letter, end with a letter or digit and be at most 60 characters`);
    }
    const memorySize = fn.memorySize ?? provider.memorySize ?? DEFAULTS.memorySize;
    if (!limits.MEMORY_SIZES_MB.includes(memorySize)) {
      problems.push(`${fn.memorySize === undefined ? 'provider' : field}.memorySize must be one of ${limits.MEMORY_SIZES_MB.join(', ')} (MB), got ${memorySize}`);
    }
    const timeout = fn.timeout ?? provider.timeout ?? DEFAULTS.timeout;
    checkRange(timeout, limits.TIMEOUT_SECONDS, `${fn.timeout === undefined ? 'provider' : field}.timeout`, 'seconds', problems);
    const environment = { ...common, ...userData(fn.environment, `${field}.environment`, problems) };
    return {
      key,
      name,
      ...resolveHandler(serviceDir, fn.handler, `${field}.handler`, problems),
      runtime: fn.runtime === undefined ? runtime : runtimeOf(fn.runtime, `${field}.runtime`),
      memorySize,
      timeout,
      description: fn.description ?? '',
      environment,
      asyncInvoke: asyncSettings(fn.asyncInvoke, `${field}.asyncInvoke`, problems),
      triggers: triggers(fn.events, `${field}.events`, problems),
    };
  });
  for (const fn of plan) {
    const target = fn.asyncInvoke?.onFailure?.function;
    if (target !== undefined && !target.startsWith('urn:') && !plan.some((other) => other.key === target)) {
      problems.push(`functions.${fn.key}.asyncInvoke.onFailure.function must be a function of this service or a function URN, got ${target}`);
    }
  }
  if (problems.length > 0) {
    throw new DeployError(`serverless.yml has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n  - ${problems.join('\n  - ')}`, {
      code: 'BYOK_DEPLOY_CONFIG',
      fields: problems.map((p) => p.split(/[ :]/, 1)[0]),
    });
  }
  return {
    service,
    stage,
    region,
    functionPackage: provider.functionPackage ?? DEFAULTS.functionPackage,
    agency: provider.agency,
    configAgency: provider.configAgency ?? provider.agency,
    functions: plan,
  };
}

module.exports = { validateConfig };
