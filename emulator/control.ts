/**
 * The control surface, `/_emulator/...`: signed like everything else, group `control` (never
 * rate-limited nor faulted), flat errors with `EMU.*` codes (no Huawei counterpart).
 *
 * - `GET  /_emulator/clock` → `{"now","mode"}`; `POST` `{"advance_seconds":N}` or `{"set":"<ISO>"}`
 *   (virtual mode only, never backwards), then every service's `onClock` in the same transaction.
 * - `GET|POST /_emulator/config`: `EmulatorConfig` switches; POST merges, validates, persists.
 * - `GET|POST /_emulator/limits`: `RateLimitSettings`; POST REPLACES all groups (absent = unlimited).
 * - `GET|POST /_emulator/faults`: `FaultSettings`; POST MERGES fields, restarts the seeded sequence.
 * - `POST /_emulator/reset` `{"data"?:true}`: faults off, limits cleared, config defaults; with
 *   `data`, every service row deleted too. Credentials, temporary credentials and the clock stay.
 * - `POST /_emulator/credentials/temporary` `{"duration_seconds"?:900..86400}` (permanent AK only)
 *   → `{"credential":{"access","secret","securitytoken","expires_at"}}`.
 * - `GET /_emulator/projects` → `{"projects":[…]}` (the identity's first); `POST` adds one → `{"project_id"}`.
 * Limits and faults live in memory only: a restart starts without them.
 */
import { ClockMoveError } from './clock.js';
import { ConfigError } from './config.js';
import type { EmulatorCore } from './core.js';
import { TEMPORARY_DURATION_SECONDS } from './credentials.js';
import { DEFAULT_FAULT_SETTINGS } from './faults.js';
import { deleteServiceRows } from './store.js';
import { ApiGroup, WireError } from './types.js';
import type { EmulatorRequest, EmulatorResponse, Route, RouteHandler, ServiceModule } from './types.js';

const ControlCode = { InvalidParameter: 'EMU.0400', Forbidden: 'EMU.0403' } as const;

function invalid(message: string): WireError {
  return new WireError(400, ControlCode.InvalidParameter, message);
}

function ok(body: unknown): EmulatorResponse {
  return { status: 200, body };
}

function only(req: EmulatorRequest, allowed: string[]): void {
  const extra = Object.keys(req.body).filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw invalid(`unknown field(s): ${extra.join(', ')}`);
}

/** Builds the control routes over one emulator core. */
function createControlService(core: EmulatorCore): ServiceModule {
  const clockView = (): unknown => ({ now: core.clock.now().toISOString(), mode: core.clock.mode });

  const moveClock: RouteHandler = (req) => {
    only(req, ['advance_seconds', 'set']);
    const { advance_seconds: advance, set } = req.body;
    if ((advance === undefined) === (set === undefined)) throw invalid('give exactly one of advance_seconds, set');
    const before = core.clock.now();
    try {
      if (advance !== undefined) {
        if (typeof advance !== 'number') throw invalid('advance_seconds must be a number');
        core.clock.advance(advance);
      } else {
        if (typeof set !== 'string' || Number.isNaN(Date.parse(set))) throw invalid('set must be an ISO-8601 time');
        core.clock.set(new Date(set));
      }
      core.runOnClock();
    } catch (error) {
      // The transaction rolls back the stored time; the in-memory clock must follow.
      if (core.clock.mode === 'virtual') core.clock.restore(before);
      if (error instanceof ClockMoveError) throw invalid(error.message);
      throw error;
    }
    return ok(clockView());
  };

  const updateConfig: RouteHandler = (req) => {
    const before = core.config.get();
    try {
      return ok(core.config.update(req.body));
    } catch (error) {
      core.config.restore(before);
      if (error instanceof ConfigError) throw invalid(error.message);
      throw error;
    }
  };

  const configure = (apply: () => unknown): EmulatorResponse => {
    try {
      return ok(apply());
    } catch (error) {
      throw invalid((error as Error).message);
    }
  };

  const reset: RouteHandler = (req) => {
    only(req, ['data']);
    const data = req.body.data ?? false;
    if (typeof data !== 'boolean') throw invalid('data must be a boolean');
    if (data) deleteServiceRows(core.db);
    const config = core.config.reset();
    // In-memory switches last, once nothing in the transaction can fail any more.
    core.limiter.configure({});
    core.faults.configure({ ...DEFAULT_FAULT_SETTINGS, groups: undefined });
    return ok({ config, limits: core.limiter.settings(), faults: core.faults.settings(), data_deleted: data });
  };

  const issueTemporary: RouteHandler = (req) => {
    if (req.accessKey !== core.identity.ak) {
      throw new WireError(403, ControlCode.Forbidden, 'temporary credentials can only be created with the permanent AK');
    }
    only(req, ['duration_seconds']);
    const duration = req.body.duration_seconds ?? TEMPORARY_DURATION_SECONDS.default;
    const { min, max } = TEMPORARY_DURATION_SECONDS;
    if (!Number.isInteger(duration) || (duration as number) < min || (duration as number) > max) {
      throw invalid(`duration_seconds must be an integer in [${min}, ${max}]`);
    }
    return ok({ credential: core.credentials.issueTemporary(core.clock.now(), duration as number) });
  };

  const route = (method: Route['method'], path: string, handler: RouteHandler): Route => ({
    method,
    path,
    group: ApiGroup.Control,
    errorShape: 'flat',
    handler,
  });

  return {
    schema: '',
    routes: [
      route('GET', '/_emulator/clock', () => ok(clockView())),
      route('POST', '/_emulator/clock', moveClock),
      route('GET', '/_emulator/config', () => ok(core.config.get())),
      route('POST', '/_emulator/config', updateConfig),
      route('GET', '/_emulator/limits', () => ok(core.limiter.settings())),
      route('POST', '/_emulator/limits', (req) => configure(() => (core.limiter.configure(req.body), core.limiter.settings()))),
      route('GET', '/_emulator/faults', () => ok(core.faults.settings())),
      route('POST', '/_emulator/faults', (req) => configure(() => (core.faults.configure(req.body), core.faults.settings()))),
      route('POST', '/_emulator/reset', reset),
      route('POST', '/_emulator/credentials/temporary', issueTemporary),
      route('GET', '/_emulator/projects', () => ok({ projects: core.projects.all() })),
      route('POST', '/_emulator/projects', (req) => (only(req, []), ok({ project_id: core.projects.add() }))),
    ],
  };
}

export { ControlCode, createControlService };
