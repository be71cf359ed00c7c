import { BatchDeleteFunctionTriggersRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/BatchDeleteFunctionTriggersRequest.js';
import { CreateFunctionTriggerRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/CreateFunctionTriggerRequest.js';
import { CreateFunctionTriggerRequestBody } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/CreateFunctionTriggerRequestBody.js';
import { DeleteFunctionTriggerRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/DeleteFunctionTriggerRequest.js';
import { ListFunctionTriggersRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/ListFunctionTriggersRequest.js';
import { ShowFunctionTriggerRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/ShowFunctionTriggerRequest.js';
import { TriggerEventDataRequestBody } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/TriggerEventDataRequestBody.js';
import { UpdateTriggerRequest } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/UpdateTriggerRequest.js';
import { UpdateTriggerRequestBody } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/model/UpdateTriggerRequestBody.js';
import type { FunctionGraphClient } from '@huaweicloud/huaweicloud-sdk-functiongraph/v2/FunctionGraphClient.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { deployFunction, drainFunctions, fgsClient, handlerZip } from '../helpers/fgs.js';

type Wire = Record<string, any>;
const HOUR_S = 3600;
const T0 = Date.parse('2030-01-01T00:00:00Z');
const at = (hours: number): string => new Date(T0 + hours * HOUR_S * 1000).toISOString().replace(/\.000Z$/, '+00:00');

describe('Emulator: FunctionGraph triggers', () => {
  let emu: TestEmulator;
  let client: FunctionGraphClient;

  const createTrigger = async (urn: string, type: string, data: Record<string, unknown>, status = 'ACTIVE'): Promise<Wire> =>
    (await client.createFunctionTrigger(
      new CreateFunctionTriggerRequest().withFunctionUrn(urn).withBody(
        new CreateFunctionTriggerRequestBody().withTriggerTypeCode(type).withTriggerStatus(status).withEventData(Object.assign(new TriggerEventDataRequestBody(), data)),
      ),
    )) as unknown as Wire;
  const timer = (urn: string, name: string, type: string, schedule: string, status = 'ACTIVE', userEvent?: string): Promise<Wire> =>
    createTrigger(urn, 'TIMER', { name, schedule_type: type, schedule, ...(userEvent !== undefined && { user_event: userEvent }) }, status);
  const events = async (urn: string): Promise<Wire[]> =>
    (await emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(urn)}`)).body.invocations.map((i: Wire) => i.body);
  const advance = async (seconds: number): Promise<void> => {
    await emu.advance(seconds);
    await drainFunctions(emu);
  };

  beforeAll(async () => {
    emu = await startTestEmulator({ clock: 'virtual', start: new Date(T0) });
    client = fgsClient(emu);
  });
  afterAll(async () => emu.close());

  describe('management', () => {
    let urn: string;
    beforeAll(async () => {
      urn = await deployFunction(client, { name: 'managed', code: handlerZip('return 1;') });
    });
    // Its timers would fire during the clock tests below.
    afterAll(async () => client.batchDeleteFunctionTriggers(new BatchDeleteFunctionTriggersRequest().withFunctionUrn(urn)));

    it('creates, lists, shows, disables and deletes a timer trigger', async () => {
      // Act
      const created = await timer(urn, 'nightly', 'Cron', '0 0 3 * * ?', 'ACTIVE', '{"job":"rotate"}');
      const listed = (await client.listFunctionTriggers(new ListFunctionTriggersRequest().withFunctionUrn(urn))) as unknown as Wire[];
      const ids = { functionUrn: urn, triggerTypeCode: 'TIMER', triggerId: created.trigger_id };
      const shown = (await client.showFunctionTrigger(Object.assign(new ShowFunctionTriggerRequest(), ids))) as unknown as Wire;
      const disabled = (await client.updateTrigger(
        Object.assign(new UpdateTriggerRequest(), ids).withBody(new UpdateTriggerRequestBody().withTriggerStatus('DISABLED')),
      )) as unknown as Wire;
      const deleted = (await client.deleteFunctionTrigger(Object.assign(new DeleteFunctionTriggerRequest(), ids))) as unknown as Wire;
      const gone = (await client.showFunctionTrigger(Object.assign(new ShowFunctionTriggerRequest(), ids))) as unknown as Wire;
      // Assess
      expect(created).toMatchObject({
        httpStatusCode: 201,
        trigger_type_code: 'TIMER',
        trigger_status: 'ACTIVE',
        event_data: { name: 'nightly', schedule_type: 'Cron', schedule: '0 0 3 * * ?', user_event: '{"job":"rotate"}' },
        created_time: '2030-01-01 00:00:00',
      });
      expect([...listed].map((t) => t.trigger_id)).toEqual([created.trigger_id]);
      expect(shown).toMatchObject({ trigger_id: created.trigger_id, trigger_status: 'ACTIVE' });
      expect(disabled).toMatchObject({ httpStatusCode: 200, trigger_status: 'DISABLED' });
      expect(deleted.httpStatusCode).toBe(204);
      expect([gone.httpStatusCode, gone.error_code]).toEqual([404, 'FSS.1131']);
    });

    it.each([
      ['schedule_type CRON (not Cron)', 'TIMER', { name: 't', schedule_type: 'CRON', schedule: '0 0 3 * * ?' }, 'FSS.1109'],
      ['a rate over 60 minutes', 'TIMER', { name: 't', schedule_type: 'Rate', schedule: '61m' }, 'FSS.1109'],
      ['a rate without a unit', 'TIMER', { name: 't', schedule_type: 'Rate', schedule: '5' }, 'FSS.1109'],
      ['a cron hour field mixing a list and a range', 'TIMER', { name: 't', schedule_type: 'Cron', schedule: '0 0 14-23,0 * * ?' }, 'FSS.1109'],
      ['a cron of four fields', 'TIMER', { name: 't', schedule_type: 'Cron', schedule: '0 0 3 *' }, 'FSS.1109'],
      ['a cron hour of 25', 'TIMER', { name: 't', schedule_type: 'Cron', schedule: '0 0 25 * * ?' }, 'FSS.1109'],
      ['a timer without a name', 'TIMER', { schedule_type: 'Rate', schedule: '5m' }, 'FSS.1109'],
      ['an SMN topic that is not a URN', 'SMN', { topic_urn: 'topic' }, 'FSS.1102'],
      ['a CTS operation without trace names', 'CTS', { name: 'c', operations: ['KMS:cmk'] }, 'FSS.1318'],
      ['a trigger type the emulator does not deliver', 'APIG', { name: 'a' }, 'FSS.1101'],
    ])('refuses %s with 400 %s', async (_name, type, data, code) => {
      const res = await createTrigger(urn, type, data);
      expect([res.httpStatusCode, res.error_code]).toEqual([400, code]);
    });

    it('accepts names, ?, steps, @every and CRON_TZ in schedules', async () => {
      for (const [name, schedule] of [['a', '0 30 12 ? * MON-FRI'], ['b', '0 0/5 12-14 ? * MON-FRI'], ['c', '@every 2h30m'], ['d', 'CRON_TZ=Europe/Berlin 0 0 12 * * *'], ['e', '0 0 12 ? JAN,FEB *']]) {
        const res = await timer(urn, `ok-${name}`, 'Cron', schedule!);
        expect([schedule, res.httpStatusCode]).toEqual([schedule, 201]);
      }
      await client.batchDeleteFunctionTriggers(new BatchDeleteFunctionTriggersRequest().withFunctionUrn(urn));
      expect((await client.listFunctionTriggers(new ListFunctionTriggersRequest().withFunctionUrn(urn))) as unknown as Wire[]).toHaveLength(0);
    });

    it('refuses a second timer of the same name (409 FSS.1148) and a disabled SMN trigger (400)', async () => {
      await timer(urn, 'dup', 'Rate', '5m');
      const again = await timer(urn, 'dup', 'Rate', '10m');
      const smn = await createTrigger(urn, 'SMN', { topic_urn: `urn:smn:${emu.region}:${emu.projectId}:t` }, 'DISABLED');
      expect([again.httpStatusCode, again.error_code, smn.httpStatusCode]).toEqual([409, 'FSS.1148', 400]);
    });
  });

  describe('timers on the virtual clock', () => {
    it('fires a rate timer at its slots, collapses a jump into one run, and fires every slot when asked', async () => {
      // Prepare
      const urn = await deployFunction(client, { name: 'ticker', code: handlerZip('return event.time;') });
      await timer(urn, 'hourly', 'Rate', '1h', 'ACTIVE', '{"lead":"1d"}');
      // Act + Assess
      await advance(HOUR_S / 2);
      expect(await events(urn)).toEqual([]);
      await advance(HOUR_S / 2);
      expect(await events(urn)).toEqual([{ version: 'v1.0', time: at(1), trigger_type: 'TIMER', trigger_name: 'hourly', user_event: '{"lead":"1d"}' }]);
      await advance(5 * HOUR_S);
      expect((await events(urn)).map((e) => e.time)).toEqual([at(1), at(6)]);
      await emu.setConfig({ fgs_timer_catch_up: 'every' });
      try {
        await advance(3 * HOUR_S);
      } finally {
        await emu.setConfig({ fgs_timer_catch_up: 'collapse' });
      }
      expect((await events(urn)).map((e) => e.time)).toEqual([at(1), at(6), at(7), at(8), at(9)]);
      const runs = (await emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(urn)}`)).body.invocations;
      expect(runs.every((r: Wire) => r.state === 'succeeded')).toBe(true);
    });

    it('fires a cron timer at its slot, not while disabled, and again once enabled', async () => {
      // Prepare: the clock is at 09:00 after the previous test.
      const urn = await deployFunction(client, { name: 'noon', code: handlerZip('return 1;') });
      const trigger = await timer(urn, 'noon', 'Cron', '0 0 12 * * ?');
      const paused = await timer(urn, 'noon-paused', 'Cron', '0 30 12 * * ?', 'DISABLED');
      // Act
      await advance(4 * HOUR_S);
      const first = await events(urn);
      await client.updateTrigger(
        new UpdateTriggerRequest().withFunctionUrn(urn).withTriggerTypeCode('TIMER').withTriggerId(paused.trigger_id).withBody(new UpdateTriggerRequestBody().withTriggerStatus('ACTIVE')),
      );
      await advance(24 * HOUR_S);
      // Assess
      expect(trigger.httpStatusCode).toBe(201);
      expect(first.map((e) => [e.trigger_name, e.time])).toEqual([['noon', '2030-01-01T12:00:00+00:00']]);
      expect((await events(urn)).map((e) => [e.trigger_name, e.time])).toEqual([
        ['noon', '2030-01-01T12:00:00+00:00'],
        ['noon', '2030-01-02T12:00:00+00:00'],
        ['noon-paused', '2030-01-02T12:30:00+00:00'],
      ]);
    });
  });
});

describe('Emulator: FunctionGraph timers on the real clock', () => {
  it('fires an @every timer in real time and stops with the emulator', async () => {
    // Prepare
    const emu = await startTestEmulator({ clock: 'real' });
    const client = fgsClient(emu);
    const urn = await deployFunction(client, { name: 'every-second', code: handlerZip('return 1;') });
    try {
      // Act
      const res = (await client.createFunctionTrigger(
        new CreateFunctionTriggerRequest().withFunctionUrn(urn).withBody(
          new CreateFunctionTriggerRequestBody()
            .withTriggerTypeCode('TIMER')
            .withTriggerStatus('ACTIVE')
            .withEventData(new TriggerEventDataRequestBody().withName('fast').withScheduleType('Cron').withSchedule('@every 1s')),
        ),
      )) as unknown as Wire;
      let fired: Wire[] = [];
      for (let i = 0; i < 40 && fired.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        fired = (await emu.request('GET', `/_emulator/fgs/invocations?function_urn=${encodeURIComponent(urn)}`)).body.invocations;
      }
      // Assess
      expect(res.httpStatusCode).toBe(201);
      expect(fired[0]?.body).toMatchObject({ trigger_type: 'TIMER', trigger_name: 'fast' });
    } finally {
      await emu.close();
    }
  });
});
