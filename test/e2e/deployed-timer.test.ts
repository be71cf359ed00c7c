/**
 * The deployed renew-expiring TIMER over a simulated week: `serverless deploy --stage test` onto an embedded cloud,
 * a fleet seeded through the deployed on-event (the same seeding as `npm start`, one key let lapse into Pending
 * import while the timer is paused), then the virtual clock moved six hours at a time (each move fires the hourly
 * timer once: `fgs_timer_catch_up` collapse) with nothing else invoked. ~40 s: package and deploy ~10 s, seeding
 * ~5 s, 28 ticks ~25 s.
 */
import { InvokeFunctionRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/InvokeFunctionRequest.js';
import { ListFunctionsRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/ListFunctionsRequest.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyHistory } from '../../cli/embeddedControl.js';
import type { KeyHistory } from '../../cli/embeddedControl.js';
import type { Fleet } from '../../cli/start/demoFleet.js';
import { seedFleet } from '../../cli/start/seedFleet.js';
import { drainFunctions } from '../helpers/fgs.js';
import { deployedCloud } from './deployedCloud.js';
import type { DeployedCloud } from './deployedCloud.js';

type Wire = Record<string, any>;

const HOUR_S = 3_600;
const STEP_S = 6 * HOUR_S;
const TICKS = (7 * 24 * HOUR_S) / STEP_S;
/** Lifetimes of a day and more: a key is due a third of its lifetime before expiry, more than one 6 h step. */
const FLEET: Fleet = {
  keys: [
    { alias: 'week-lapsed', ttl: '1d', encoding: 'binary' },
    { alias: 'week-2d', ttl: '2d', encoding: 'hex' },
    { alias: 'week-3d', ttl: '3d', encoding: 'base64' },
    { alias: 'week-5d', ttl: '5d', encoding: 'binary' },
    { alias: 'week-7d', ttl: '7d', encoding: 'hex' },
    { alias: 'week-10d', ttl: '10d', encoding: 'base64' },
  ],
  lapsed: 'week-lapsed',
};

describe('Deployed: the renew-expiring TIMER keeps a seeded fleet out of Pending import for a week', () => {
  let cloud: DeployedCloud;
  const keyIds = new Map<string, string>();
  let firstTickAt: Date;

  const history = async (alias: string): Promise<KeyHistory> => keyHistory(cloud.transport, keyIds.get(alias)!);
  const timerRuns = async (): Promise<Wire[]> =>
    (await cloud.emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(cloud.urn('renew-expiring'))}`)).body.invocations;

  beforeAll(async () => {
    cloud = await deployedCloud({ stage: 'test', emulator: { clock: 'virtual', start: new Date('2031-03-01T00:00:00Z') } });
    await seedFleet(FLEET, { ...cloud, dispatcher: cloud.onEvent, timerUrn: cloud.urn('renew-expiring'), print: () => undefined });
    for (const { alias } of FLEET.keys) keyIds.set(alias, (await cloud.keys.resolveAlias(alias))!);
    // Act: a week, one clock move per step, waiting each time until the functions it started have finished.
    for (let tick = 1; tick <= TICKS; tick++) {
      await cloud.emu.advance(STEP_S);
      if (tick === 1) firstTickAt = cloud.emu.now();
      await drainFunctions(cloud.emu, 120);
    }
  }, 180_000);
  afterAll(async () => cloud?.close());

  it('seeded the fleet through the deployed functions, the lapsed key in Pending import before the first tick', async () => {
    for (const { alias } of FLEET.keys) {
      const reasons = (await history(alias)).history.map((h) => h.reason);
      expect(reasons.slice(0, 2), alias).toEqual(['created', 'imported']);
    }
    const lapsed = (await history('week-lapsed')).history;
    const deleted = lapsed.find((h) => h.reason === 'material_deleted')!;
    expect(deleted.state).toBe('5');
    expect(Date.parse(deleted.at)).toBeLessThan(firstTickAt.getTime() - STEP_S * 1000 + 1);
  });

  it('recovered the lapsed key within the first tick, by the timer', async () => {
    const lapsed = (await history('week-lapsed')).history;
    const deletedAt = lapsed.findIndex((h) => h.reason === 'material_deleted');
    const recovery = lapsed[deletedAt + 1]!;
    expect(recovery).toMatchObject({ reason: 'imported', state: '2' });
    expect(Date.parse(recovery.at)).toBeLessThanOrEqual(firstTickAt.getTime() + 60_000);
    // After the recovery it never lapsed again: its time in Pending import is exactly the paused stretch.
    expect((await history('week-lapsed')).pendingImportSeconds).toBe(Math.round((Date.parse(recovery.at) - Date.parse(lapsed[deletedAt]!.at)) / 1000));
  });

  it('kept every other key out of state "5" for the whole week, renewing each before it expired', async () => {
    for (const { alias, ttl } of FLEET.keys.filter((key) => key.alias !== FLEET.lapsed)) {
      const { history: rows, pendingImportSeconds } = await history(alias);
      expect(pendingImportSeconds, alias).toBe(0);
      expect(rows.filter((h) => h.state === '5' && h.reason !== 'created'), alias).toEqual([]);
      const renewals = rows.filter((h) => h.reason === 'expiry_refreshed' || (h.reason === 'imported' && h !== rows[1])).length;
      // A key lives `ttl`; seven days plus the paused day need at least (8 days / ttl) - 1 renewals.
      expect(renewals, alias).toBeGreaterThanOrEqual(Math.ceil(8 / Number.parseInt(ttl, 10)) - 1);
    }
    for (const keyId of keyIds.values()) expect((await cloud.keys.describeKey(keyId)).keyState).toBe('Enabled');
  });

  it('ran the deployed timer once per tick and nothing else by hand', async () => {
    const runs = await timerRuns();
    expect(runs).toHaveLength(TICKS);
    expect(runs.every((run) => run.state === 'succeeded' && run.body.trigger_type === 'TIMER')).toBe(true);
  });

  it('lets the official FunctionGraph client list and invoke the deployed functions unchanged', async () => {
    // Act
    const listed = (await cloud.fgs.listFunctions(new ListFunctionsRequest().withPackageName('default'))) as unknown as Wire;
    const invoked = (await cloud.fgs.invokeFunction(
      new InvokeFunctionRequest().withFunctionUrn(cloud.urn('renew-expiring')).withBody({ user_event: '{"dry_run":true}' } as never),
    )) as unknown as Wire;

    // Assess
    expect(listed.httpStatusCode).toBe(200);
    const names = (listed.functions as Wire[]).map((f) => f.func_name as string).filter((name) => name.startsWith('byok-keeper-test-'));
    expect(names.sort()).toEqual(['create-key', 'fetch-parameters', 'import-material', 'on-event', 'renew-expiring', 'wrap-material'].map(cloud.name));
    expect(invoked.httpStatusCode).toBe(200);
    const result = JSON.parse(invoked.result as string) as Wire;
    expect(result).toMatchObject({ ok: true, summary: { scanned: FLEET.keys.length, failed: 0, dry_run: true } });
    expect(result.keys).toHaveLength(FLEET.keys.length);
  });
});
