/**
 * Aliases (docs/huawei-api.md#key-ids-and-aliases): create (`POST kms/aliases` → 201), list
 * (`GET kms/aliases?key_id=&limit=&marker=`), delete (`DELETE kms/aliases` with `{key_id, aliases}`) and
 * associate (`POST kms/alias/associate` with `{alias, target_key_id}`: moves an alias to another key, as a
 * rotation does). Names are `alias/<name>`.
 * An unknown alias answers 404 KMS.0207 ("The alias does not exist."): Huawei documents no alias code
 * (docs/emulator.md#kms-choices).
 */
import { KmsLimits, KmsPatterns } from '../constants.js';
import { kmsError } from '../errors.js';
import type { KmsCall } from '../KmsCall.js';
import { aliasUrn, loadKey } from '../resolveKey.js';
import type { AliasRow } from '../store/AliasStore.js';
import { optionalIntString, requireKeyId, requireString } from '../validate.js';
import type { EmulatorResponse } from '../../types.js';

function aliasEntity(call: KmsCall, row: AliasRow): Record<string, string> {
  return {
    domain_id: call.ctx.domainId,
    key_id: row.key_id,
    alias: row.alias,
    alias_urn: aliasUrn(call, row.alias),
    create_time: String(row.created_ms),
    update_time: String(row.updated_ms),
  };
}

function requireAliasName(body: Record<string, unknown>, name: string): string {
  const alias = requireString(body, name);
  if (!KmsPatterns.aliasName.test(alias)) throw kmsError('KMS.0308', `Invalid ${name}: expected alias/<name>.`);
  return alias;
}

function createAlias(call: KmsCall): EmulatorResponse {
  const key = loadKey(call, requireKeyId(call.req.body));
  const alias = requireAliasName(call.req.body, 'alias');
  if (call.store.aliases.get(call.req.projectId, alias)) throw kmsError('KMS.1104');
  const row = { project_id: call.req.projectId, alias, key_id: key.key_id, created_ms: call.nowMs, updated_ms: call.nowMs };
  call.store.aliases.insert(row);
  return { status: 201, body: aliasEntity(call, row) };
}

/** Aliases sorted by name; `marker` is the last alias of the previous page (`page_info.next_marker`). */
function listAliases(call: KmsCall): EmulatorResponse {
  const { query, projectId } = call.req;
  const keyId = query.get('key_id') || null;
  if (keyId !== null) loadKey(call, requireKeyId({ key_id: keyId }));
  const limit = optionalIntString(query.get('limit'), 'KMS.1601', 1, 1000) ?? KmsLimits.aliasesDefaultLimit;
  const marker = query.get('marker') ?? '';
  const rows = call.store.aliases.page(projectId, keyId, marker, limit + 1);
  const page = rows.slice(0, limit);
  const more = rows.length > limit;
  return {
    status: 200,
    body: {
      aliases: page.map((row) => aliasEntity(call, row)),
      page_info: { next_marker: more ? (page.at(-1)?.alias ?? '') : '', current_count: page.length },
    },
  };
}

function deleteAliases(call: KmsCall): EmulatorResponse {
  const key = loadKey(call, requireKeyId(call.req.body));
  const raw = call.req.body.aliases;
  if (raw === undefined) throw kmsError('KMS.0204', 'Missing parameter: aliases.');
  if (!Array.isArray(raw) || raw.length === 0) throw kmsError('KMS.0308', 'Invalid aliases.');
  const aliases = raw.map((alias: unknown) => requireAliasName({ alias }, 'alias'));
  for (const alias of aliases) {
    const row = call.store.aliases.get(call.req.projectId, alias);
    if (!row || row.key_id !== key.key_id) throw kmsError('KMS.0207', 'The alias does not exist.');
  }
  for (const alias of aliases) call.store.aliases.delete(call.req.projectId, alias);
  return { status: 200 };
}

function associateAlias(call: KmsCall): EmulatorResponse {
  const alias = requireAliasName(call.req.body, 'alias');
  const target = loadKey(call, requireKeyId(call.req.body, 'target_key_id'));
  const row = call.store.aliases.get(call.req.projectId, alias);
  if (!row) throw kmsError('KMS.0207', 'The alias does not exist.');
  call.store.aliases.move(call.req.projectId, alias, target.key_id, call.nowMs);
  return { status: 200, body: aliasEntity(call, { ...row, key_id: target.key_id, updated_ms: call.nowMs }) };
}

export { associateAlias, createAlias, deleteAliases, listAliases };
