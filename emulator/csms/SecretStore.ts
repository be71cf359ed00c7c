/**
 * Row access for CSMS: secrets, their versions and their stages. No rules here beyond what the
 * tables enforce; handlers decide. Deletes cascade by hand, so the store does not depend on the
 * connection's `foreign_keys` pragma.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { SecretState } from './constants.js';
import { EventStore } from './EventStore.js';

interface SecretRow {
  id: string;
  project_id: string;
  name: string;
  state: SecretState;
  kms_key_id: string;
  description: string;
  secret_type: string;
  auto_rotation: 0 | 1;
  rotation_period: string | null;
  rotation_config: string | null;
  rotation_func_urn: string | null;
  /** JSON array of event names. */
  event_subscriptions: string;
  enterprise_project_id: string;
  create_time_ms: number;
  update_time_ms: number;
  scheduled_delete_time_ms: number | null;
  next_version_seq: number;
}

type ValueKind = 'string' | 'binary';

interface VersionRow {
  secret_id: string;
  /** `v{seq}` on the wire. */
  seq: number;
  kms_key_id: string;
  value_kind: ValueKind;
  value: Buffer;
  expire_time: number | null;
  create_time_ms: number;
}

interface StageRow {
  secret_id: string;
  name: string;
  seq: number;
  update_time_ms: number;
}

type NewSecret = Omit<SecretRow, 'next_version_seq' | 'scheduled_delete_time_ms'>;

/** Every statement the store runs, prepared once per connection. */
function prepareStatements(db: Database) {
  const p = (sql: string): Statement => db.prepare(sql);
  return {
    findSecret: p('SELECT * FROM csms_secrets WHERE project_id = ? AND name = ?'),
    countSecrets: p('SELECT COUNT(*) AS n FROM csms_secrets WHERE project_id = ?'),
    insertSecret: p(`INSERT INTO csms_secrets (id, project_id, name, state, kms_key_id, description, secret_type,
      auto_rotation, rotation_period, rotation_config, rotation_func_urn, event_subscriptions, enterprise_project_id,
      create_time_ms, update_time_ms) VALUES (@id, @project_id, @name, @state, @kms_key_id, @description,
      @secret_type, @auto_rotation, @rotation_period, @rotation_config, @rotation_func_urn, @event_subscriptions,
      @enterprise_project_id, @create_time_ms, @update_time_ms)`),
    setState: p(`UPDATE csms_secrets SET state = ?, scheduled_delete_time_ms = ?, update_time_ms = ? WHERE id = ?`),
    touchSecret: p('UPDATE csms_secrets SET update_time_ms = ? WHERE id = ?'),
    deleteSecret: p('DELETE FROM csms_secrets WHERE id = ?'),
    deleteVersions: p('DELETE FROM csms_versions WHERE secret_id = ?'),
    deleteStages: p('DELETE FROM csms_stages WHERE secret_id = ?'),
    dueForDeletion: p(`SELECT * FROM csms_secrets
      WHERE scheduled_delete_time_ms IS NOT NULL AND scheduled_delete_time_ms <= ?`),
    countVersions: p('SELECT COUNT(*) AS n FROM csms_versions WHERE secret_id = ?'),
    bumpVersionSeq: p('UPDATE csms_secrets SET next_version_seq = next_version_seq + 1 WHERE id = ?'),
    insertVersion: p(`INSERT INTO csms_versions (secret_id, seq, kms_key_id, value_kind, value, expire_time,
      create_time_ms) VALUES (@secret_id, @seq, @kms_key_id, @value_kind, @value, @expire_time, @create_time_ms)`),
    findVersion: p('SELECT * FROM csms_versions WHERE secret_id = ? AND seq = ?'),
    listVersions: p(`SELECT secret_id, seq, kms_key_id, value_kind, expire_time, create_time_ms FROM csms_versions
      WHERE secret_id = ? AND seq > ? ORDER BY seq LIMIT ?`),
    stagesOf: p('SELECT * FROM csms_stages WHERE secret_id = ? ORDER BY name'),
    findStage: p('SELECT * FROM csms_stages WHERE secret_id = ? AND name = ?'),
    setStage: p(`INSERT INTO csms_stages (secret_id, name, seq, update_time_ms) VALUES (?, ?, ?, ?)
      ON CONFLICT (secret_id, name) DO UPDATE SET seq = excluded.seq, update_time_ms = excluded.update_time_ms`),
    deleteStage: p('DELETE FROM csms_stages WHERE secret_id = ? AND name = ?'),
  };
}

/** Prepared statements over one connection. */
class SecretStore {
  readonly #db: Database;
  readonly #sql: ReturnType<typeof prepareStatements>;
  /** The project's event notifications (`/v1/{project_id}/csms/events`). */
  readonly events: EventStore;

  constructor(db: Database) {
    this.#db = db;
    this.#sql = prepareStatements(db);
    this.events = new EventStore(db);
  }

  /** Runs `fn` in one SQLite transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }

  findSecret(projectId: string, name: string): SecretRow | undefined {
    return this.#sql.findSecret.get(projectId, name) as SecretRow | undefined;
  }

  countSecrets(projectId: string): number {
    return (this.#sql.countSecrets.get(projectId) as { n: number }).n;
  }

  insertSecret(row: NewSecret): void {
    this.#sql.insertSecret.run(row);
  }

  setState(secretId: string, state: SecretState, scheduledDeleteMs: number | null, nowMs: number): void {
    this.#sql.setState.run(state, scheduledDeleteMs, nowMs, secretId);
  }

  touchSecret(secretId: string, nowMs: number): void {
    this.#sql.touchSecret.run(nowMs, secretId);
  }

  deleteSecret(secretId: string): void {
    this.transaction(() => {
      this.#sql.deleteStages.run(secretId);
      this.#sql.deleteVersions.run(secretId);
      this.#sql.deleteSecret.run(secretId);
    });
  }

  /** Secrets whose scheduled deletion time has come. */
  dueForDeletion(nowMs: number): SecretRow[] {
    return this.#sql.dueForDeletion.all(nowMs) as SecretRow[];
  }

  countVersions(secretId: string): number {
    return (this.#sql.countVersions.get(secretId) as { n: number }).n;
  }

  /** Inserts the next version (`seq` taken from the secret) and returns its seq. */
  insertVersion(secret: SecretRow, version: Omit<VersionRow, 'secret_id' | 'seq'>): number {
    const seq = secret.next_version_seq;
    this.#sql.insertVersion.run({ ...version, secret_id: secret.id, seq });
    this.#sql.bumpVersionSeq.run(secret.id);
    secret.next_version_seq = seq + 1;
    return seq;
  }

  findVersion(secretId: string, seq: number): VersionRow | undefined {
    return this.#sql.findVersion.get(secretId, seq) as VersionRow | undefined;
  }

  /** Versions after `afterSeq` in order, without their values. */
  listVersions(secretId: string, afterSeq: number, limit: number): Omit<VersionRow, 'value'>[] {
    return this.#sql.listVersions.all(secretId, afterSeq, limit) as Omit<VersionRow, 'value'>[];
  }

  stagesOf(secretId: string): StageRow[] {
    return this.#sql.stagesOf.all(secretId) as StageRow[];
  }

  findStage(secretId: string, name: string): StageRow | undefined {
    return this.#sql.findStage.get(secretId, name) as StageRow | undefined;
  }

  /** Puts the label on version `seq`, taking it off whichever version had it. */
  setStage(secretId: string, name: string, seq: number, nowMs: number): void {
    this.#sql.setStage.run(secretId, name, seq, nowMs);
  }

  deleteStage(secretId: string, name: string): void {
    this.#sql.deleteStage.run(secretId, name);
  }
}

export { SecretStore };
export type { NewSecret, SecretRow, StageRow, ValueKind, VersionRow };
