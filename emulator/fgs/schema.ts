/**
 * FunctionGraph tables. Times are epoch milliseconds of the emulator clock. A function is keyed by
 * `func_key` = `<project_id>:<package>:<func_name>` (its URN without region and version); its code (the
 * uploaded zip) is kept here too, so the unpacked copy beside the data file can always be rebuilt.
 *
 * - `fgs_invocations`: every accepted asynchronous invocation, in arrival order (what a dispatcher sent).
 * - `fgs_async_jobs`: the run state of those that target a deployed function (queued, running, done).
 * - `fgs_triggers`: TIMER / SMN / CTS triggers; `next_fire_ms` is a TIMER's next slot (null when disabled).
 */
const FGS_SCHEMA = `
CREATE TABLE IF NOT EXISTS fgs_invocations (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id     TEXT NOT NULL UNIQUE,
  project_id     TEXT NOT NULL,
  function_urn   TEXT NOT NULL,
  body           TEXT NOT NULL,
  received_at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS fgs_invocations_by_urn ON fgs_invocations (function_urn, seq);
CREATE TABLE IF NOT EXISTS fgs_functions (
  func_key              TEXT PRIMARY KEY,
  project_id            TEXT NOT NULL,
  package               TEXT NOT NULL,
  func_name             TEXT NOT NULL,
  func_id               TEXT NOT NULL UNIQUE,
  runtime               TEXT NOT NULL,
  handler               TEXT NOT NULL,
  memory_size           INTEGER NOT NULL,
  timeout               INTEGER NOT NULL,
  code_type             TEXT NOT NULL,
  code_filename         TEXT,
  code                  BLOB NOT NULL,
  code_size             INTEGER NOT NULL,
  digest                TEXT NOT NULL,
  user_data             TEXT,
  encrypted_user_data   TEXT,
  xrole                 TEXT,
  app_xrole             TEXT,
  description           TEXT NOT NULL DEFAULT '',
  enterprise_project_id TEXT NOT NULL DEFAULT '0',
  type                  TEXT NOT NULL DEFAULT 'v2',
  created_ms            INTEGER NOT NULL,
  last_modified_ms      INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS fgs_triggers (
  trigger_id        TEXT PRIMARY KEY,
  func_key          TEXT NOT NULL,
  trigger_type_code TEXT NOT NULL,
  trigger_status    TEXT NOT NULL,
  event_type_code   TEXT,
  event_data        TEXT NOT NULL,
  created_ms        INTEGER NOT NULL,
  updated_ms        INTEGER NOT NULL,
  next_fire_ms      INTEGER
);
CREATE INDEX IF NOT EXISTS fgs_triggers_by_function ON fgs_triggers (func_key, created_ms);
CREATE INDEX IF NOT EXISTS fgs_triggers_due ON fgs_triggers (next_fire_ms) WHERE next_fire_ms IS NOT NULL;
CREATE TABLE IF NOT EXISTS fgs_async_configs (
  func_key                       TEXT PRIMARY KEY,
  max_async_event_age_in_seconds INTEGER NOT NULL,
  max_async_retry_attempts       INTEGER NOT NULL,
  destination_config             TEXT,
  enable_async_status_log        INTEGER NOT NULL DEFAULT 0,
  created_ms                     INTEGER NOT NULL,
  updated_ms                     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS fgs_async_jobs (
  request_id     TEXT PRIMARY KEY,
  seq            INTEGER NOT NULL,
  func_key       TEXT NOT NULL,
  source         TEXT NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
  attempts       INTEGER NOT NULL DEFAULT 0,
  updated_ms     INTEGER NOT NULL,
  duration_ms    REAL,
  max_rss_kb     INTEGER,
  error          TEXT
);
CREATE INDEX IF NOT EXISTS fgs_async_jobs_queue ON fgs_async_jobs (state, seq);
`;

export { FGS_SCHEMA };
