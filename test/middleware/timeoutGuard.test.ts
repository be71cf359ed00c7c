import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  StageTimeoutError,
  getDeadline,
  requestHandler,
  timeoutGuard,
} from '../../lib/middleware/index.js';
import type { Deadline } from '../../lib/middleware/index.js';
import { fakeContext, invoke } from '../helpers/fgContext.js';

describe('Function: timeoutGuard', () => {
  it('rejects with StageTimeoutError when the handler runs into the margin, and aborts the signal', async () => {
    // Prepare: 60 ms left, 20 ms margin, a handler that would take 5 s.
    let deadline: Deadline | undefined;
    const handler = requestHandler(async (request) => {
      deadline = getDeadline(request);
      await sleep(5_000, undefined, { signal: deadline.signal }).catch(() => {});
      return 'late';
    }).use(timeoutGuard({ marginMs: 20 }));

    // Act: the context's clock stands still, so exactly 60 ms remain.
    const attempt = invoke(handler, {}, fakeContext({ timeoutMs: 60, now: () => 0 }));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(StageTimeoutError);
    await expect(attempt).rejects.toMatchObject({ code: 'BYOK.TIMEOUT', budgetMs: 40, marginMs: 20 });
    expect(deadline!.signal.aborted).toBe(true);
    expect(deadline!.signal.reason).toBeInstanceOf(StageTimeoutError);
  });

  it('computes deadlineAtMs from the remaining time and the injected clock', async () => {
    let nowMs = 10_000;
    let deadline: Deadline | undefined;
    const context = fakeContext({ timeoutMs: 3_000, startMs: 9_000, now: () => nowMs });
    const handler = requestHandler(async (request) => {
      deadline = getDeadline(request);
      return 'ok';
    }).use(timeoutGuard({ marginMs: 500, now: () => nowMs }));

    await invoke(handler, {}, context);

    // 2,000 ms remain at 10,000; the margin takes 500.
    expect(deadline!.deadlineAtMs).toBe(11_500);
    expect(deadline!.signal.aborted).toBe(false);
  });

  it('does not fire when the handler finishes in time, nor after it', async () => {
    let deadline: Deadline | undefined;
    const handler = requestHandler(async (request) => {
      deadline = getDeadline(request);
      return 'done';
    }).use(timeoutGuard({ marginMs: 20 }));

    await expect(invoke(handler, {}, fakeContext({ timeoutMs: 60 }))).resolves.toBe('done');

    // Wait past the would-be deadline: the timer was cleared, so the signal stays quiet.
    await sleep(80);
    expect(deadline!.signal.aborted).toBe(false);
  });

  it('clears the timer when the handler fails, and the handler error wins', async () => {
    let deadline: Deadline | undefined;
    const handler = requestHandler(async (request) => {
      deadline = getDeadline(request);
      throw new RangeError('handler failed');
    }).use(timeoutGuard({ marginMs: 20 }));

    await expect(invoke(handler, {}, fakeContext({ timeoutMs: 60 }))).rejects.toThrow(RangeError);

    await sleep(80);
    expect(deadline!.signal.aborted).toBe(false);
  });

  it('times out at once when the margin exceeds the remaining time', async () => {
    const handler = requestHandler(() => sleep(1_000).then(() => 'late')).use(timeoutGuard({ marginMs: 5_000 }));
    await expect(invoke(handler, {}, fakeContext({ timeoutMs: 3_000 }))).rejects.toMatchObject({ budgetMs: 0 });
  });

  it('gives a deadline that never comes when the context has no remaining time', async () => {
    let deadline: Deadline | undefined;
    const handler = requestHandler(async (request) => {
      deadline = getDeadline(request);
      return 'ok';
    }).use(timeoutGuard({ marginMs: 20 }));

    await invoke(handler, {}, {} as never);

    expect(deadline!.deadlineAtMs).toBe(Number.POSITIVE_INFINITY);
  });

  it('leaves no unhandled rejection when the late handler fails after the timeout', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const handler = requestHandler(async () => {
        await sleep(60);
        throw new Error('late failure');
      }).use(timeoutGuard({ marginMs: 10 }));

      await expect(invoke(handler, {}, fakeContext({ timeoutMs: 30 }))).rejects.toBeInstanceOf(StageTimeoutError);
      await sleep(80);

      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
