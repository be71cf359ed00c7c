/**
 * Fuzz of every FunctionGraph handler in functions/: at least 1,000 generated events each (arbitrary JSON and
 * near-valid events with bad fields), against the embedded cloud. Every answer must be a result or a typed
 * failure (never BYOK.INTERNAL, never a rejection), every log line one JSON object, and no value of the event
 * (the SECRET marker, import tokens, wrapped material) nor the SK or security token may appear in any output.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionGraphContext } from '../../lib/functiongraph/context.js';
import { coreStages } from '../../lib/stages/coreStages.js';
import { onEventDefinition } from '../../lib/stages/onEvent.js';
import { stageFunction } from '../../functions/runtime.js';
import { fakeContext, invoke } from '../helpers/fgContext.js';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv } from '../helpers/stageEnv.js';
import { ctsEvent, smnEvent } from '../stages/onEvent.fixtures.js';
import { SECRET, base64Of, fuzzEvents, hex, isoIn, junk, nearValid } from './fuzzEvents.js';
import type { Path } from './fuzzEvents.js';

const RUNS = 1_000;
const TYPED_CODE = /^(BYOK\.[A-Z_]+|KMS\.\d{4}|CSMS\.\d{4}|APIG\.\d{4}|FSS\.\d{4}|CLIENT\.[A-Za-z]+)$/;
type Answer = { ok?: unknown; error?: { code?: unknown; message?: unknown } };

describe('Fuzz: functions/* handlers', { timeout: 60_000 }, () => {
  let env: StageEnv;
  let context: () => FunctionGraphContext;
  let forbidden: string[];
  let managedKeyId: string;
  const handlers: Record<string, unknown> = {};
  /** Every log line of the handler call under test (the handlers write through `write`, not stdout). */
  let lines: string[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    // Wired as functions/*.ts are (one warm handler per function), with their log lines captured.
    for (const definition of [...Object.values(coreStages), onEventDefinition()]) {
      handlers[definition!.name] = stageFunction(definition!, { env: {}, write: (line) => void lines.push(line) });
    }
    // The handlers sign with the system clock, so the emulator runs on it too.
    env = await startStageEnv({ emulator: { clock: 'real' } });
    await env.createSecret('fuzz-secret', { secretBinary: randomMaterial().toString('base64') });
    const onboarded = await env.dispatcher.runChain('create-key', { alias: 'fuzz', secret: { name: 'fuzz-secret' } });
    if (!onboarded.ok) throw new Error(`setup: ${onboarded.error.message}`);
    managedKeyId = onboarded.key_id;
    const credentials = await env.emu.temporaryCredentials();
    forbidden = [SECRET, credentials.sk, credentials.securityToken, env.emu.sk];
    context = () => fakeContext({ credentials, projectId: env.emu.projectId, userData: { BYOK_KMS_ENDPOINT: env.emu.endpoint } });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await env?.close();
  });

  /** Strings of the event that are credentials-like by position (tokens, wrapped material). */
  function sensitiveValues(event: unknown): string[] {
    if (typeof event !== 'object' || event === null) return [];
    const record = event as Record<string, unknown>;
    return ['import_token', 'encrypted_key_material'].map((k) => record[k]).filter((v): v is string => typeof v === 'string' && v.length >= 40);
  }

  async function fuzz(name: string, events: fc.Arbitrary<unknown>): Promise<Map<string, number>> {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(events, async (event) => {
        // Act: one warm handler, its log lines captured.
        lines = [];
        const answer = await invoke<Answer>(handlers[name], event, context());
        // Assess
        expect(typeof answer.ok).toBe('boolean');
        const outcome = answer.ok === true ? 'ok' : String(answer.error?.code);
        if (answer.ok !== true) {
          expect(outcome).toMatch(TYPED_CODE);
          expect(outcome).not.toBe('BYOK.INTERNAL');
          expect(typeof answer.error?.message).toBe('string');
        }
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        const output = `${lines.join('\n')}\n${JSON.stringify(answer)}`;
        for (const value of [...forbidden, ...sensitiveValues(event)]) expect(output).not.toContain(value);
        for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(unhandled).toEqual([]);
    return outcomes;
  }

  /**
   * Key ids: mostly near misses the schema refuses, some well-formed unknown ids, rarely the managed key (which runs
   * the whole chain). Every well-formed id costs the emulator a fresh RSA-2048 wrapping key once its pool is
   * drained (~0.25 s here) when it reaches get-parameters-for-import, so for fetch-parameters their share is what
   * keeps this file within its time budget; the other stages fail on an unknown key before asking for one.
   */
  const keyId = (reachesGetParameters = false): fc.Arbitrary<string> =>
    fc.oneof(
      { weight: 30, arbitrary: fc.uuid().map((id) => id.toUpperCase()) },
      { weight: 30, arbitrary: fc.uuid().map((id) => `${id}0`) },
      { weight: reachesGetParameters ? 4 : 60, arbitrary: fc.uuid() },
      { weight: reachesGetParameters ? 1 : 2, arbitrary: fc.constant(managedKeyId) },
    );
  /** Secret names: rarely the real one (a valid event then runs the whole chain). */
  const secretName = (): fc.Arbitrary<string> =>
    fc.oneof({ weight: 30, arbitrary: fc.constant('no-such-secret') }, { weight: 1, arbitrary: fc.constant('fuzz-secret') });
  const soon = (): fc.Arbitrary<string> => isoIn(Date.now() - 3_600_000, Date.now() + 86_400_000);

  it('create-key answers 1,000 events with results or typed failures', async () => {
    const valid = fc.record(
      {
        alias: fc.constantFrom('fz1', 'fz2'),
        secret: fc.record({ name: secretName(), version: fc.constantFrom('v1', 'latest', 'v9') }, { requiredKeys: ['name'] }),
        ttl: fc.constantFrom('30d', 'never', '1h'),
        key_spec: fc.constant('AES_256'),
        description: fc.string({ maxLength: 20 }),
      },
      { requiredKeys: ['alias', 'secret'] },
    );
    const paths: Path[] = [['alias'], ['secret'], ['secret', 'name'], ['secret', 'version'], ['ttl'], ['key_spec'], ['correlation_id']];
    const outcomes = await fuzz('create-key', fuzzEvents(valid, paths));
    expect(outcomes.get('BYOK.INVALID_EVENT')).toBeGreaterThan(0);
    expect(outcomes.size).toBeGreaterThan(1);
  });

  it('fetch-parameters answers 1,000 events with results or typed failures', async () => {
    const valid = fc.record({ key_id: keyId(true), refetch: fc.constantFrom(0, 1) }, { requiredKeys: ['key_id'] });
    const outcomes = await fuzz('fetch-parameters', fuzzEvents(valid, [['key_id'], ['refetch'], ['correlation_id']]));
    expect(outcomes.get('BYOK.INVALID_EVENT')).toBeGreaterThan(0);
    expect(outcomes.size).toBeGreaterThan(1);
  });

  it('wrap-material answers 1,000 events with results or typed failures', async () => {
    const valid = fc.record({
      key_id: keyId(),
      import_token: base64Of(300),
      public_key: base64Of(294),
      params_expire_at: soon(),
      wrapping_algorithm: fc.constantFrom('RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'SM2_ENCRYPT'),
      refetch: fc.constant(1),
    });
    const paths: Path[] = [['key_id'], ['import_token'], ['public_key'], ['params_expire_at'], ['wrapping_algorithm'], ['refetch']];
    const outcomes = await fuzz('wrap-material', fuzzEvents(valid, paths));
    // Valid events got past validation: well-formed unknown key ids reached KMS, which refused them.
    expect(outcomes.get('BYOK.INVALID_EVENT')).toBeGreaterThan(0);
    expect(outcomes.get('KMS.0207')).toBeGreaterThan(0);
  });

  it('import-material answers 1,000 events with results or typed failures', async () => {
    const valid = fc.record({
      key_id: keyId(),
      import_token: base64Of(300),
      encrypted_key_material: base64Of(256),
      expiration_time: fc.oneof(fc.constant(null), isoIn(Date.now() + 3_600_000, Date.now() + 30 * 86_400_000)),
      fingerprint: hex(16).map((h) => `fp1-${h}`),
      refetch: fc.constant(1),
    });
    const paths: Path[] = [['key_id'], ['import_token'], ['encrypted_key_material'], ['expiration_time'], ['fingerprint'], ['refetch']];
    const outcomes = await fuzz('import-material', fuzzEvents(valid, paths));
    expect(outcomes.get('BYOK.INVALID_EVENT')).toBeGreaterThan(0);
    expect(outcomes.get('KMS.0207')).toBeGreaterThan(0);
  });

  it('on-event answers 1,000 SMN, CTS and direct events with results or typed failures', async () => {
    const message = nearValid(
      fc.record(
        {
          event_type: fc.constantFrom('SECRET_VERSION_CREATED', 'SECRET_VERSION_CREATED', 'SECRET_DELETED'),
          secret_name: fc.constantFrom('fuzz-secret', 'nosuch'),
          version_id: fc.constantFrom('v1', 'v2'),
        },
        { requiredKeys: ['event_type', 'secret_name'] },
      ),
      [['event_type'], ['secret_name'], ['version_id'], ['eventType'], ['secretName']],
    );
    const smn = nearValid(
      fc.oneof(message.map((m) => smnEvent(m)), junk.map((j) => smnEvent(typeof j === 'string' ? j : JSON.stringify(j ?? null)))),
      [['record'], ['record', 0], ['record', 0, 'smn'], ['record', 0, 'smn', 'message'], ['record', 0, 'smn', 'type'], ['record', 0, 'event_source']],
    );
    const cts = nearValid(
      fc.tuple(fc.constantFrom('createKey', 'deleteImportedKeyMaterial', 'encryptData'), keyId()).map(([trace, id]) => ctsEvent(trace, id)),
      [['cts'], ['cts', 'service_type'], ['cts', 'trace_name'], ['cts', 'resource_id'], ['cts', 'response'], ['cts', 'code']],
    );
    const direct = nearValid(
      fc.oneof(
        fc.record({ action: fc.constant('import'), key_id: keyId() }),
        fc.record({ action: fc.constant('recover'), key_id: keyId(), force: fc.boolean() }),
        fc.record({ action: fc.constant('rotate'), alias: fc.constantFrom('fuzz', 'nosuch') }),
        fc.record({ action: fc.constant('rotate'), secret: fc.record({ name: fc.constantFrom('fuzz-secret', 'nosuch') }) }),
        fc.record({ action: fc.constant('onboard'), alias: fc.constant('fz3'), secret: fc.record({ name: secretName() }) }),
      ),
      [['action'], ['key_id'], ['force'], ['alias'], ['secret'], ['secret', 'name'], ['secret', 'version'], ['ttl']],
    );
    const events = fc.oneof(fc.jsonValue({ maxDepth: 3 }), smn, smn, cts, direct, direct);
    const outcomes = await fuzz('on-event', events);
    expect(outcomes.get('ok')).toBeGreaterThan(0);
    expect(outcomes.get('BYOK.INVALID_EVENT')).toBeGreaterThan(0);
  });
});
