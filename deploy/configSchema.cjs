'use strict';
/**
 * What serverless.yml may say under provider `huaweicloud`: shapes and types only, so that a misspelt or unknown
 * key fails osls's validation. Value rules (memory sizes, timeout range, cron fields...) are checked by
 * validateConfig.cjs, whose messages name the field and say what FunctionGraph accepts.
 */

const text = { type: 'string' };
const integer = { type: 'integer' };
/** User data: scalar values, sent to FunctionGraph as strings. */
const environment = {
  type: 'object',
  patternProperties: { '^[A-Za-z_][A-Za-z0-9_]*$': { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] } },
  additionalProperties: false,
};
const closed = (properties, required = []) => ({ type: 'object', properties, required, additionalProperties: false });

const provider = {
  properties: {
    runtime: text,
    region: text,
    stage: text,
    /** FunctionGraph's application ("package") the functions live in. */
    functionPackage: text,
    memorySize: integer,
    timeout: integer,
    /** Execution agency (`app_xrole`): its temporary credentials reach the handler through the context. */
    agency: text,
    /** Configuration agency (`xrole`) for triggers and async destinations; default `agency`. */
    configAgency: text,
    environment,
  },
};

const asyncInvoke = closed({
  maxRetries: integer,
  maxEventAgeSeconds: integer,
  /** Where FunctionGraph sends an invocation that failed for good: an SMN topic or another function. */
  onFailure: closed({ smn: text, function: text }),
});

const fn = {
  properties: {
    handler: text,
    description: text,
    runtime: text,
    memorySize: integer,
    timeout: integer,
    environment,
    asyncInvoke,
  },
  required: ['handler'],
};

const functionEvents = {
  timer: closed(
    {
      name: text,
      rate: text,
      cron: text,
      userEvent: { anyOf: [text, { type: 'object' }] },
      enabled: { type: 'boolean' },
    },
    ['name'],
  ),
  // FunctionGraph disables only timer triggers (of those used here); SMN and CTS triggers are always ACTIVE.
  smn: closed({ topic: text }, ['topic']),
  cts: closed({ name: text, operations: { type: 'array', items: text, minItems: 1 } }, ['name', 'operations']),
};

module.exports = { providerSchema: { provider, function: fn, functionEvents } };
