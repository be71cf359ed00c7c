/**
 * Drives the CSMS service's handlers without HTTP: an in-memory SQLite database running the
 * service's schema, a hand-moved clock, and a router over the route templates that renders a
 * `WireError` in the flat shape the server would send.
 */
import Database from 'better-sqlite3';
import { createCsmsService } from '../../emulator/csms/index.js';
import { type CloudEvent, type EmulatorConfig, type ServiceContext, WireError } from '../../emulator/types.js';

const PROJECT_ID = '0123456789abcdef0123456789abcdef';
const START_MS = Date.UTC(2026, 0, 15, 12, 0, 0);

interface CsmsReply {
  status: number;
  // Tests read arbitrary wire fields; the shape is what is under test.
  body: any;
}

interface CsmsHarness {
  projectId: string;
  nowMs(): number;
  /** Moves the clock and runs the service's clock hook, as the server does. */
  advanceSeconds(seconds: number): void;
  config: EmulatorConfig;
  /** Every cross-service event the service published (SMN notifications), oldest first. */
  published: CloudEvent[];
  call(method: string, pathAndQuery: string, body?: Record<string, unknown>, projectId?: string): CsmsReply;
  close(): void;
}

function templateRegex(template: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split('/')
    .map((part) => {
      const match = /^\{(\w+)\}$/.exec(part);
      if (!match) return part.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
      names.push(match[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { regex: new RegExp(`^${source}$`), names };
}

function createCsmsHarness(): CsmsHarness {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  const service = createCsmsService();
  db.exec(service.schema);
  let nowMs = START_MS;
  const config: EmulatorConfig = {
    reimport_enabled_key: 'allow',
    describe_time_unit: 'ms',
    expiry_deletion_delay_seconds: 3600,
    fgs_timer_catch_up: 'collapse',
    fgs_user_data_env: 'set',
  };
  const published: CloudEvent[] = [];
  const ctxFor = (projectId: string): ServiceContext => ({
    db,
    clock: { now: () => new Date(nowMs) },
    config,
    region: 'xx-test-1',
    domainId: 'fedcba9876543210fedcba9876543210',
    projectId,
    events: { publish: (event) => void published.push(event) },
  });
  const routes = service.routes.map((route) => ({ route, ...templateRegex(route.path) }));
  service.onClock?.(ctxFor(PROJECT_ID));

  return {
    projectId: PROJECT_ID,
    nowMs: () => nowMs,
    config,
    published,
    advanceSeconds(seconds) {
      nowMs += seconds * 1000;
      db.transaction(() => service.onClock?.(ctxFor(PROJECT_ID)))();
    },
    call(method, pathAndQuery, body = {}, projectId = PROJECT_ID) {
      const url = new URL(pathAndQuery.replace('{project_id}', projectId), 'http://127.0.0.1');
      for (const { route, regex, names } of routes) {
        const match = route.method === method ? regex.exec(url.pathname) : null;
        if (!match) continue;
        const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)]));
        const req = { method, path: url.pathname, params, query: url.searchParams, body, projectId };
        try {
          // Like the server: one transaction per request, rolled back when the handler throws.
          const reply = db.transaction(() => route.handler(req, ctxFor(projectId)))();
          if (reply instanceof Promise) throw new Error('CSMS handlers are expected to be synchronous');
          return { status: reply.status, body: reply.body };
        } catch (error) {
          if (!(error instanceof WireError)) throw error;
          return { status: error.status, body: { error_code: error.code, error_msg: error.message } };
        }
      }
      return { status: 404, body: { error_code: 'NO_ROUTE', error_msg: `${method} ${url.pathname}` } };
    },
    close: () => db.close(),
  };
}

export { createCsmsHarness, PROJECT_ID, START_MS };
export type { CsmsHarness, CsmsReply };
