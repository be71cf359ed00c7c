/**
 * FunctionGraph tables: every accepted asynchronous invocation, in arrival order, so tests (and a user)
 * can read back exactly what a dispatcher sent. Times are epoch milliseconds of the emulator clock.
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
`;

export { FGS_SCHEMA };
