import { describe, expect, it } from 'vitest';
import { DEFAULT_FAULT_SETTINGS, FaultInjector, type FaultDecision } from '../../emulator/faults.js';
import { ApiGroup } from '../../emulator/types.js';

function sequence(faults: FaultInjector, group: ApiGroup, n: number): FaultDecision[] {
  return Array.from({ length: n }, () => faults.decide(group));
}

function share(decisions: FaultDecision[], action: FaultDecision['action']): number {
  return decisions.filter((d) => d.action === action).length / decisions.length;
}

const mixed = {
  seed: 42,
  error_rate: 0.2,
  throttle_rate: 0.1,
  drop_rate: 0.05,
  drop_after_rate: 0.05,
  latency_ms: 25,
  latency_rate: 0.3,
};

describe('Class: FaultInjector', () => {
  describe('Method: decide', () => {
    it('passes everything with the default settings', () => {
      const faults = new FaultInjector();
      expect(faults.settings()).toEqual(DEFAULT_FAULT_SETTINGS);
      const decisions = sequence(faults, ApiGroup.KmsKey, 1_000);
      expect(decisions.every((d) => d.action === 'pass' && d.latencyMs === 0)).toBe(true);
    });

    it('gives the same sequence for the same seed', () => {
      const a = sequence(new FaultInjector(mixed), ApiGroup.KmsCrypto, 500);
      const b = sequence(new FaultInjector(mixed), ApiGroup.KmsCrypto, 500);
      expect(a).toEqual(b);
      const c = sequence(new FaultInjector({ ...mixed, seed: 43 }), ApiGroup.KmsCrypto, 500);
      expect(c).not.toEqual(a);
    });

    it('restarts the sequence from the seed on configure', () => {
      const faults = new FaultInjector(mixed);
      const first = sequence(faults, ApiGroup.KmsKey, 200);
      faults.configure({});
      expect(sequence(faults, ApiGroup.KmsKey, 200)).toEqual(first);
    });

    it('honours each rate roughly over 10,000 draws', () => {
      const decisions = sequence(new FaultInjector(mixed), ApiGroup.KmsImport, 10_000);
      expect(Math.abs(share(decisions, 'error') - 0.2)).toBeLessThan(0.03);
      expect(Math.abs(share(decisions, 'throttle') - 0.1)).toBeLessThan(0.03);
      expect(Math.abs(share(decisions, 'drop') - 0.05)).toBeLessThan(0.02);
      expect(Math.abs(share(decisions, 'drop_after') - 0.05)).toBeLessThan(0.02);
      expect(Math.abs(share(decisions, 'pass') - 0.6)).toBeLessThan(0.03);
      const slowed = decisions.filter((d) => d.latencyMs > 0);
      expect(Math.abs(slowed.length / decisions.length - 0.3)).toBeLessThan(0.03);
      expect(slowed.every((d) => d.latencyMs === 25)).toBe(true);
    });

    it('fails every request at rate 1', () => {
      const decisions = sequence(new FaultInjector({ throttle_rate: 1 }), ApiGroup.Csms, 100);
      expect(decisions.every((d) => d.action === 'throttle')).toBe(true);
    });

    it('faults only the listed groups', () => {
      const faults = new FaultInjector({ error_rate: 1, groups: [ApiGroup.KmsImport] });
      expect(faults.decide(ApiGroup.KmsImport).action).toBe('error');
      expect(faults.decide(ApiGroup.KmsKey).action).toBe('pass');
      expect(faults.decide(ApiGroup.Csms).action).toBe('pass');
    });

    it('does not let skipped groups shift the sequence of faulted ones', () => {
      const settings = { ...mixed, groups: [ApiGroup.KmsKey] };
      const alone = sequence(new FaultInjector(settings), ApiGroup.KmsKey, 300);
      const interleaved = new FaultInjector(settings);
      const picked: FaultDecision[] = [];
      for (let i = 0; i < 300; i += 1) {
        interleaved.decide(ApiGroup.Csms);
        interleaved.decide(ApiGroup.Control);
        picked.push(interleaved.decide(ApiGroup.KmsKey));
      }
      expect(picked).toEqual(alone);
    });

    it('never faults the control group', () => {
      const faults = new FaultInjector({ error_rate: 1, latency_ms: 100, latency_rate: 1 });
      const decisions = sequence(faults, ApiGroup.Control, 1_000);
      expect(decisions.every((d) => d.action === 'pass' && d.latencyMs === 0)).toBe(true);
      expect(faults.decide(ApiGroup.KmsKey)).toEqual({ action: 'error', latencyMs: 100 });
    });
  });

  describe('Method: configure', () => {
    it('merges a partial update over the current settings', () => {
      const faults = new FaultInjector(mixed);
      faults.configure({ error_rate: 0 });
      expect(faults.settings()).toEqual({ ...mixed, error_rate: 0 });
    });

    it('clears the groups filter with null', () => {
      const faults = new FaultInjector({ error_rate: 1, groups: [ApiGroup.KmsTag] });
      faults.configure({ groups: null } as never);
      expect(faults.settings().groups).toBeUndefined();
      expect(faults.decide(ApiGroup.KmsKey).action).toBe('error');
    });

    it.each([
      [{ error_rate: 1.5 }, /error_rate must be a number in \[0, 1\]/],
      [{ drop_rate: -0.1 }, /drop_rate must be a number in \[0, 1\]/],
      [{ latency_rate: Number.NaN }, /latency_rate/],
      [{ error_rate: 0.6, throttle_rate: 0.6 }, /must not exceed 1/],
      [{ latency_ms: -1 }, /latency_ms/],
      [{ latency_ms: 3_600_000 }, /latency_ms/],
      [{ seed: 1.5 }, /seed must be an integer/],
      [{ groups: ['control'] }, /groups may hold only/],
      [{ groups: ['kms-nope'] }, /groups may hold only/],
      [{ groups: 'kms-key' }, /groups must be an array/],
      [{ errorRate: 0.1 }, /unknown field\(s\) errorRate/],
    ])('rejects invalid settings %j', (settings, message) => {
      const faults = new FaultInjector(mixed);
      expect(() => faults.configure(settings as never)).toThrow(message);
      expect(faults.settings()).toEqual(mixed);
    });
  });
});
