import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { classifyErrors, getCorrelationId, getLogger, structuredLogging } from '../../lib/middleware/index.js';
import { captureLines, fakeContext, invoke } from '../helpers/fgContext.js';

const givenId = '0b7f4c2e-9a51-4d6b-8f3e-2c1a5e7d9b40';

describe('Function: structuredLogging', () => {
  it('keeps a valid correlation id from the event and binds it, fn and the request id to every line', async () => {
    // Prepare
    const out = captureLines();
    let seen: string | undefined;
    const handler = middy()
      .use(structuredLogging({ fn: 'fetch-parameters', write: out.write }))
      .before((request) => {
        seen = getCorrelationId(request);
        getLogger(request).info('params.fetched', { key_id: 'k' });
      })
      .handler(async () => ({ ok: true }));

    // Act
    await invoke(handler, { correlation_id: givenId, key_id: 'k' }, fakeContext({ requestId: 'req-1' }));

    // Assess
    expect(seen).toBe(givenId);
    const records = out.records();
    expect(records.map((r) => r['event'])).toEqual(['invoke.start', 'params.fetched', 'invoke.end']);
    for (const record of records) {
      expect(record).toMatchObject({ fn: 'fetch-parameters', correlation_id: givenId, request_id: 'req-1' });
    }
    expect(records[0]).toMatchObject({ correlation_source: 'event' });
    expect(records[2]).toMatchObject({ outcome: 'ok' });
  });

  it('bears a UUID v4 when the event has none', async () => {
    const out = captureLines();
    const handler = middy().use(structuredLogging({ fn: 'create-key', write: out.write })).handler(async () => 1);

    await invoke(handler, {}, fakeContext());

    const [start] = out.records();
    expect(start!['correlation_id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(start).toMatchObject({ correlation_source: 'born' });
  });

  it('refuses a malformed correlation id without writing it, and bears a new one', async () => {
    const out = captureLines();
    const bogus = 'c2VjcmV0LW1hdGVyaWFsLWluLXRoZS13cm9uZy1maWVsZA==';
    const handler = middy().use(structuredLogging({ fn: 'x', write: out.write, newCorrelationId: () => givenId })).handler(async () => 1);

    await invoke(handler, { correlation_id: bogus }, fakeContext());

    expect(out.text()).not.toContain(bogus);
    expect(out.records().map((r) => r['event'])).toEqual(['correlation_id.rejected', 'invoke.start', 'invoke.end']);
    expect(out.records()[1]).toMatchObject({ correlation_id: givenId });
  });

  it('never writes the event body', async () => {
    const out = captureLines();
    const handler = middy().use(structuredLogging({ fn: 'x', write: out.write })).handler(async () => 1);

    await invoke(handler, { alias: 'EVENT-BODY-ALIAS', description: 'EVENT-BODY-DESCRIPTION' }, fakeContext());

    expect(out.text()).not.toContain('EVENT-BODY');
  });

  it('measures duration_ms on the injected clock', async () => {
    const out = captureLines();
    let nowMs = 1_000;
    const handler = middy()
      .use(structuredLogging({ fn: 'x', write: out.write, now: () => nowMs }))
      .handler(async () => {
        nowMs += 250;
        return 1;
      });

    await invoke(handler, {}, fakeContext());

    expect(out.records()[1]).toMatchObject({ event: 'invoke.end', duration_ms: 250, outcome: 'ok' });
  });

  it('ends with outcome failed and the code when a failure event answered', async () => {
    const out = captureLines();
    const handler = middy()
      .use(structuredLogging({ fn: 'x', write: out.write }))
      .use(classifyErrors({ stage: 'x' }))
      .handler(async () => {
        throw new Error('boom');
      });

    await invoke(handler, {}, fakeContext());

    expect(out.records().at(-1)).toMatchObject({ event: 'invoke.end', outcome: 'failed', error_code: 'BYOK.INTERNAL' });
  });

  it('ends with outcome error when nothing classified the error, and the invocation rejects', async () => {
    const out = captureLines();
    const handler = middy()
      .use(structuredLogging({ fn: 'x', write: out.write }))
      .handler(async () => {
        throw new RangeError('UNCLASSIFIED-MESSAGE');
      });

    await expect(invoke(handler, {}, fakeContext())).rejects.toThrow(RangeError);

    expect(out.records().at(-1)).toMatchObject({ event: 'invoke.end', level: 'error', outcome: 'error', error_name: 'RangeError' });
    expect(out.text()).not.toContain('UNCLASSIFIED-MESSAGE');
  });

  it('tells a wiring bug apart when the logger is asked for without the middleware', async () => {
    const handler = middy().before((request) => {
      getLogger(request);
    });
    await expect(invoke(handler, {}, fakeContext())).rejects.toThrow(/structuredLogging\(\) must be used/);
  });
});
