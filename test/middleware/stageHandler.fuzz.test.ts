import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { stageHandler } from '../../lib/middleware/index.js';
import { captureLines, fakeContext, invoke } from '../helpers/fgContext.js';

const CountEvent = v.object({
  count: v.pipe(v.number(), v.integer(), v.minValue(0)),
  label: v.optional(v.pipe(v.string(), v.maxLength(64))),
});

/** Every string value (not key) inside a JSON value. */
function stringsIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, found);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) stringsIn(item, found);
  return found;
}

// Random JSON, plus near-misses and valid events so both outcomes are exercised.
const arbitraryEvent = fc.oneof(
  fc.jsonValue(),
  fc.record(
    { count: fc.oneof(fc.integer(), fc.double(), fc.jsonValue()), label: fc.oneof(fc.string(), fc.jsonValue()) },
    { requiredKeys: [] },
  ),
  fc.record({ count: fc.nat(), label: fc.string({ maxLength: 64 }) }),
);

describe('Function: stageHandler (fuzz)', () => {
  it('answers 1,000 random JSON events with a result or BYOK.INVALID_EVENT, echoing no value', async () => {
    // Prepare: one warm handler, as on FunctionGraph; its log sink is emptied per event.
    const out = captureLines();
    const handler = stageHandler(
      async (event, stage) => {
        stage.logger.info('counted', { count: event.count });
        return { ok: true as const, doubled: event.count * 2 };
      },
      { stage: 'count', schema: CountEvent, write: out.write },
    );
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let successes = 0;
    let failures = 0;

    try {
      // Act
      await fc.assert(
        fc.asyncProperty(arbitraryEvent, async (event) => {
          out.lines.length = 0;
          const response = await invoke<{ ok: boolean; error?: { code: string } }>(handler, event, fakeContext());

          // Assess
          if (response.ok) successes += 1;
          else {
            failures += 1;
            expect(response.error?.code).toBe('BYOK.INVALID_EVENT');
          }
          const output = `${out.text()}\n${JSON.stringify(response)}`;
          for (const value of stringsIn(event).filter((s) => s.length > 8)) {
            expect(output).not.toContain(value);
            expect(output).not.toContain(JSON.stringify(value).slice(1, -1));
          }
        }),
        { numRuns: 1_000 },
      );
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }

    expect(unhandled).toEqual([]);
    expect(successes).toBeGreaterThan(50);
    expect(failures).toBeGreaterThan(50);
  });
});
