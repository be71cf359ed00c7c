import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyState } from '../../lib/domain/KeyState.js';
import { keyStateFromWire, keyStateToWire } from '../../lib/huawei/keyStateWire.js';
import { optBool, optDate, optInt, ResponseShapeError } from '../../lib/huawei/normalise.js';

describe('Function: optDate', () => {
  it('reads 13-digit millisecond strings, epoch seconds and numeric strings as the same instant', () => {
    const instant = new Date('2017-08-01T09:11:12.000Z');

    expect(optDate('1501578672000', 'f')).toEqual(instant);
    expect(optDate(1501578672000, 'f')).toEqual(instant);
    expect(optDate(1501578672, 'f')).toEqual(instant);
    expect(optDate('1501578672', 'f')).toEqual(instant);
    expect(optDate('2017-08-01T09:11:12Z', 'f')).toEqual(instant);
  });

  it('treats empty, absent and zero as not set', () => {
    expect(optDate('', 'f')).toBeUndefined();
    expect(optDate(undefined, 'f')).toBeUndefined();
    expect(optDate(null, 'f')).toBeUndefined();
    expect(optDate('0', 'f')).toBeUndefined();
  });

  it('throws on a value it cannot read rather than guessing', () => {
    expect(() => optDate('next week', 'expiration_time')).toThrow(ResponseShapeError);
    expect(() => optDate(true, 'expiration_time')).toThrow(/expiration_time/);
  });

  it('agrees for any instant between 2001 and 2096, whether sent in seconds or milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000_001, max: 4_000_000_000 }), (seconds) => {
        const expected = new Date(seconds * 1000);
        expect(optDate(seconds, 'f')).toEqual(expected);
        expect(optDate(String(seconds * 1000), 'f')).toEqual(expected);
      }),
    );
  });
});

describe('Function: optBool and optInt', () => {
  it('reads booleans and numbers sent as strings', () => {
    expect(optBool('true', 'f')).toBe(true);
    expect(optBool('FALSE', 'f')).toBe(false);
    expect(optBool(false, 'f')).toBe(false);
    expect(optBool('', 'f')).toBeUndefined();
    expect(optInt('42', 'f')).toBe(42);
    expect(optInt(7, 'f')).toBe(7);
    expect(optInt('', 'f')).toBeUndefined();
  });

  it('rejects values that are neither', () => {
    expect(() => optBool('yes', 'truncated')).toThrow(/truncated/);
    expect(() => optInt('12a', 'total')).toThrow(/total/);
  });
});

describe('Function: keyStateFromWire', () => {
  it('names every documented state, from strings or numbers', () => {
    expect(['1', '2', '3', '4', '5', '7'].map(keyStateFromWire)).toEqual([
      KeyState.PendingActivation,
      KeyState.Enabled,
      KeyState.Disabled,
      KeyState.PendingDeletion,
      KeyState.PendingImport,
      KeyState.Frozen,
    ]);
    expect(keyStateFromWire(5)).toBe(KeyState.PendingImport);
    expect(keyStateFromWire('6')).toBe(KeyState.Unknown);
  });

  it('maps back to the wire value for filters', () => {
    expect(keyStateToWire(KeyState.PendingImport)).toBe('5');
    expect(keyStateToWire(KeyState.Unknown)).toBeUndefined();
  });
});
