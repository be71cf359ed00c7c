/**
 * Function management: create, show config, list, update code, update config, delete
 * (`/v2/{project_id}/fgs/functions[/{function_urn}[/code|/config]]`).
 */
import { randomUUID } from 'node:crypto';
import { FgsCode, FgsLimits, fgsError, invalid } from '../constants.js';
import { readCodePackage } from '../runtime/codePackage.js';
import { functionKey } from '../store/FunctionStore.js';
import type { FunctionRow } from '../store/FunctionStore.js';
import { optionalString, parseCodeSource, parseFuncName, parsePackage, parseSettings } from '../validateFunction.js';
import { functionView, wireTime } from '../views.js';
import type { FgsHandler } from './FgsCall.js';
import { requireFunction } from './FgsCall.js';

/** `POST /v2/{project_id}/fgs/functions` → 200 with the function's configuration. */
const createFunction: FgsHandler = ({ req, ctx, store, nowMs }) => {
  // --- validate
  const funcName = parseFuncName(req.body.func_name);
  const packageName = parsePackage(req.body.package);
  const settings = parseSettings(req.body);
  const { codeType, file } = parseCodeSource(req.body);
  const code = readCodePackage(codeType, file, settings.handler);
  // --- load, check
  const key = functionKey(req.projectId, packageName, funcName);
  if (store.functions.find(key) !== undefined) throw fgsError(409, FgsCode.FunctionExists, 'The function already exists.');
  // --- act, save, respond
  const row: FunctionRow = {
    func_key: key,
    project_id: req.projectId,
    package: packageName,
    func_name: funcName,
    func_id: randomUUID(),
    runtime: settings.runtime,
    handler: settings.handler,
    memory_size: settings.memorySize,
    timeout: settings.timeout,
    code_type: codeType,
    code_filename: optionalString(req.body, 'code_filename'),
    code: code.zip,
    code_size: code.size,
    digest: code.digest,
    user_data: settings.userData,
    encrypted_user_data: settings.encryptedUserData,
    xrole: settings.xrole,
    app_xrole: settings.appXrole,
    description: settings.description,
    enterprise_project_id: optionalString(req.body, 'enterprise_project_id') ?? '0',
    type: optionalString(req.body, 'type') ?? 'v2',
    created_ms: nowMs,
    last_modified_ms: nowMs,
  };
  store.functions.insert(row);
  return { status: 200, body: functionView(row, ctx.region, ctx.domainId) };
};

/** `GET .../functions/{function_urn}/config`. */
const showFunctionConfig: FgsHandler = (call) => {
  const row = requireFunction(call);
  return { status: 200, body: functionView(row, call.ctx.region, call.ctx.domainId) };
};

function nonNegativeQuery(value: string | null, field: string): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^-?\d{1,9}$/.test(value) || Number(value) < 0) invalid('FSS.1001', `Invalid query parameter: ${field} must be a non-negative integer.`);
  return Number(value);
}

/**
 * `GET .../functions?marker=&maxitems=&package_name=` → `{functions, next_marker, count}`. `marker` is the offset
 * to read from (FunctionGraph's "final record queried last time"), `maxitems` 1–400 (0 or absent = 400),
 * `next_marker` the offset after this page, `count` the total matching.
 */
const listFunctions: FgsHandler = ({ req, ctx, store }) => {
  const offset = nonNegativeQuery(req.query.get('marker'), 'marker') ?? 0;
  const asked = nonNegativeQuery(req.query.get('maxitems'), 'maxitems') ?? 0;
  const limit = asked === 0 || asked > FgsLimits.listMaxItems ? FgsLimits.listDefaultItems : asked;
  const packageName = req.query.get('package_name') || undefined;
  const rows = store.functions.page(req.projectId, packageName, offset, limit);
  return {
    status: 200,
    body: {
      functions: rows.map((row) => functionView(row, ctx.region, ctx.domainId, true)),
      next_marker: offset + rows.length,
      count: store.functions.count(req.projectId, packageName),
    },
  };
};

/** `PUT .../{function_urn}/code` with `{code_type, func_code:{file}}`: a new digest, unpacked on next run. */
const updateFunctionCode: FgsHandler = (call) => {
  const row = requireFunction(call);
  const { codeType, file } = parseCodeSource(call.req.body);
  const code = readCodePackage(codeType, file, row.handler);
  const next: FunctionRow = {
    ...row,
    code_type: codeType,
    code_filename: optionalString(call.req.body, 'code_filename') ?? row.code_filename,
    code: code.zip,
    code_size: code.size,
    digest: code.digest,
    last_modified_ms: call.nowMs,
  };
  call.store.functions.save(next);
  const { region } = call.ctx;
  const view = functionView(next, region, call.ctx.domainId);
  return {
    status: 200,
    body: {
      func_urn: view.func_urn,
      func_name: next.func_name,
      domain_id: call.ctx.domainId,
      runtime: next.runtime,
      code_type: next.code_type,
      code_filename: next.code_filename ?? '',
      code_size: next.code_size,
      digest: next.digest,
      last_modified: wireTime(next.last_modified_ms),
      // The uploaded package is not echoed back (Huawei's example echoes it; it can be megabytes).
      func_code: { file: '', link: '' },
      strategy_config: { concurrency: -1 },
    },
  };
};

/**
 * `PUT .../{function_urn}/config`: func_name (must be the function's), runtime, handler, memory_size and
 * timeout are required, as in Huawei's reference; a new handler must exist in the current code.
 */
const updateFunctionConfig: FgsHandler = (call) => {
  const row = requireFunction(call);
  if (parseFuncName(call.req.body.func_name) !== row.func_name) {
    invalid(FgsCode.InvalidFunctionName, 'Invalid function name: func_name must be the name of the function in the URN.');
  }
  const settings = parseSettings(call.req.body);
  if (settings.handler !== row.handler) readCodePackage('zip', row.code.toString('base64'), settings.handler);
  const next: FunctionRow = {
    ...row,
    runtime: settings.runtime,
    handler: settings.handler,
    memory_size: settings.memorySize,
    timeout: settings.timeout,
    user_data: settings.userData,
    encrypted_user_data: settings.encryptedUserData,
    xrole: settings.xrole,
    app_xrole: settings.appXrole,
    description: settings.description,
    last_modified_ms: call.nowMs,
  };
  call.store.functions.save(next);
  return { status: 200, body: functionView(next, call.ctx.region, call.ctx.domainId) };
};

/** `DELETE .../functions/{function_urn}` → 204, with its triggers, async settings and queued invocations. */
const deleteFunction: FgsHandler = (call) => {
  const row = requireFunction(call);
  call.store.triggers.deleteAllOf(row.func_key);
  call.store.asyncConfigs.delete(row.func_key);
  call.store.jobs.dropQueuedOf(row.func_key);
  call.store.functions.delete(row.func_key);
  return { status: 204 };
};

export { createFunction, deleteFunction, listFunctions, showFunctionConfig, updateFunctionCode, updateFunctionConfig };
