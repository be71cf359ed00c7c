import middy from '@middy/core';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { EventValidationError } from '../../lib/errors/index.js';
import { classifyErrors, structuredLogging, validateEvent } from '../../lib/middleware/index.js';
import { captureLines, fakeContext, invoke } from '../helpers/fgContext.js';

// 32 random-looking bytes as base64: the shape of key material pasted into the wrong field.
const materialLike = 'q1Xv9kW3n+7pZt0yB2cLr8eH5sJ4dF6gA1mN0oP9uQs=';

const CreateKeyEvent = v.object({
  alias: v.pipe(v.string(), v.regex(/^alias\/[A-Za-z0-9_-]{1,200}$/, 'an alias like alias/my-key')),
  secret: v.object({ name: v.string(), version: v.optional(v.string()) }),
  ttl: v.optional(v.picklist(['30d', 'never'])),
  retries: v.optional(v.pipe(v.number(), v.integer())),
});

async function rejectionOf(event: unknown): Promise<EventValidationError> {
  const handler = middy().use(validateEvent(CreateKeyEvent)).handler(async () => 'unreachable');
  try {
    await invoke(handler, event, fakeContext());
  } catch (error) {
    return error as EventValidationError;
  }
  throw new Error('expected a rejection');
}

describe('Function: validateEvent', () => {
  it('replaces the event with the parsed output', async () => {
    let received: unknown;
    const handler = middy()
      .use(validateEvent(CreateKeyEvent))
      .handler(async (event: unknown) => {
        received = event;
        return 'ok';
      });

    await invoke(handler, { alias: 'alias/a', secret: { name: 's' }, correlation_id: 'x', extra: 1 }, fakeContext());

    expect(received).toEqual({ alias: 'alias/a', secret: { name: 's' } });
  });

  it('names the bad field and what was expected, never the value', async () => {
    const error = await rejectionOf({ alias: materialLike, secret: { name: 's' } });

    expect(error).toBeInstanceOf(EventValidationError);
    expect(error.code).toBe('BYOK.INVALID_EVENT');
    expect(error.issues).toEqual([{ path: 'alias', problem: 'an alias like alias/my-key' }]);
    expect(error.message).toBe('invalid event: alias: an alias like alias/my-key');
    expect(error.message).not.toContain(materialLike);
  });

  it('reports every bad field with its path, for nested and missing fields', async () => {
    const error = await rejectionOf({ alias: 'alias/ok', secret: { version: materialLike }, ttl: materialLike, retries: 1.5 });

    expect(error.issues).toEqual([
      { path: 'secret.name', problem: 'required' },
      { path: 'ttl', problem: 'expected ("30d" | "never")' },
      { path: 'retries', problem: 'expected integer' },
    ]);
    expect(JSON.stringify(error.issues) + error.message).not.toContain(materialLike);
  });

  it('does not quote wrong-typed values either', async () => {
    const error = await rejectionOf({ alias: 'alias/ok', secret: { name: 987654321 } });
    expect(error.message).toBe('invalid event: secret.name: expected string');
  });

  it('describes a non-object event without echoing it', async () => {
    const error = await rejectionOf(materialLike);
    expect(error.message).toBe('invalid event: (event): expected Object');
  });

  it('hides data used as keys in paths', async () => {
    const Strict = v.strictObject({ key_id: v.string() });
    const handler = middy().use(validateEvent(Strict)).handler(async () => 'unreachable');
    await expect(invoke(handler, { key_id: 'k', [materialLike]: 1 }, fakeContext())).rejects.toThrow(
      'invalid event: [?]: unexpected field',
    );
  });

  it('keeps the value out of the failure event and the logs', async () => {
    const out = captureLines();
    const handler = middy()
      .use(structuredLogging({ fn: 'create-key', write: out.write }))
      .use(classifyErrors({ stage: 'create-key' }))
      .use(validateEvent(CreateKeyEvent))
      .handler(async () => 'unreachable');

    const response = await invoke(handler, { alias: materialLike, secret: { name: materialLike } }, fakeContext());

    expect(response).toMatchObject({ ok: false, error: { code: 'BYOK.INVALID_EVENT', retryable: false } });
    expect(JSON.stringify(response)).not.toContain(materialLike);
    expect(out.text()).not.toContain(materialLike);
    expect(out.text()).toContain('alias: an alias like alias/my-key');
  });
});
