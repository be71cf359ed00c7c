/**
 * A service for testing the emulator's HTTP core without KMS or CSMS: routes that echo what the
 * server parsed, count calls in the database, fail on purpose, await, or use `prepare`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiGroup, WireError } from '../../emulator/types.js';
import type { Route, RouteHandler, ServiceFactory } from '../../emulator/types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS echo_calls (id INTEGER PRIMARY KEY AUTOINCREMENT, route TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS echo_ticks (id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL);
`;

const echo: RouteHandler = (req, ctx) => {
  ctx.db.prepare('INSERT INTO echo_calls (route) VALUES (?)').run(req.path);
  return {
    status: 200,
    body: {
      method: req.method,
      path: req.path,
      params: req.params,
      query: Object.fromEntries(req.query),
      body: req.body,
      projectId: req.projectId,
      accessKey: req.accessKey,
      prepared: req.prepared ?? null,
    },
  };
};

function kms(method: Route['method'], path: string, handler: RouteHandler, group: Route['group'] = ApiGroup.KmsKey): Route {
  return { method, path, group, errorShape: 'kms', handler };
}

/** Builds the echo service; `calls` counts rows, `ticks` counts clock-hook runs. */
const createEchoService: ServiceFactory = () => ({
  schema: SCHEMA,
  routes: [
    kms('POST', '/v1.0/{project_id}/kms/echo', echo),
    kms('GET', '/v1.0/{project_id}/kms/echo', echo),
    kms('DELETE', '/v1.0/{project_id}/kms/{key_id}/tags/{key}', echo, ApiGroup.KmsTag),
    kms('POST', '/v1.0/{project_id}/kms/{key_id}/action', echo, ApiGroup.KmsTag),
    kms('POST', '/v1.0/{project_id}/kms/resource_instances/action', (req, ctx) => {
      const res = echo(req, ctx) as { status: number; body: Record<string, unknown> };
      return { status: 200, body: { ...res.body, literal: true } };
    }, ApiGroup.KmsTag),
    kms('POST', '/v2/{project_id}/fgs/functions/{function_urn}/invocations', echo),
    { method: 'GET', path: '/v1/{project_id}/secrets/{secret_name}', group: ApiGroup.Csms, errorShape: 'flat', handler: echo },
    { method: 'POST', path: '/v1/{project_id}/secrets', group: ApiGroup.Csms, errorShape: 'flat', handler: echo },
    kms('POST', '/v1.0/{project_id}/kms/fail', (req, ctx) => {
      echo(req, ctx);
      throw new WireError(400, 'KMS.0205', 'The key ID is invalid.');
    }),
    kms('POST', '/v1.0/{project_id}/kms/boom', () => {
      throw new Error('something internal with a secret-looking detail');
    }),
    kms('POST', '/v1.0/{project_id}/kms/async', async (req, ctx) => {
      await sleep(20);
      return echo(req, ctx);
    }),
    {
      ...kms('POST', '/v1.0/{project_id}/kms/prepared', echo),
      prepare: async () => {
        await sleep(5);
        return { from: 'prepare' };
      },
    },
    kms('GET', '/v1.0/{project_id}/kms/count', (_req, ctx) => ({
      status: 200,
      body: {
        calls: ctx.db.prepare('SELECT count(*) FROM echo_calls').pluck().get(),
        ticks: ctx.db.prepare('SELECT count(*) FROM echo_ticks').pluck().get(),
        now: ctx.clock.now().toISOString(),
        config: ctx.config,
      },
    })),
    kms('POST', '/v1.0/{project_id}/kms/empty', () => ({ status: 204 })),
    {
      method: 'POST',
      path: '/v2/{project_id}/echo/own-codes',
      group: ApiGroup.KmsKey,
      errorShape: 'flat',
      errorCodes: { invalidBody: 'ECHO.0004', internal: 'ECHO.0001' },
      handler: () => {
        throw new Error('boom');
      },
    },
  ],
  onClock: (ctx) => {
    ctx.db.prepare('INSERT INTO echo_ticks (at_ms) VALUES (?)').run(ctx.clock.now().getTime());
  },
});

export { createEchoService };
