/**
 * Renewal test bench: S1's stage env (embedded cloud with a virtual clock, real Huawei clients, ports, captured
 * logs) plus onboarding of managed keys, key history, and sweep deps with fast defaults (no real waits).
 */
import { StageName } from '../../lib/ports/index.js';
import { AliasSweepLock } from '../../lib/huawei/AliasSweepLock.js';
import { parseRenewalOptions } from '../../lib/renewal/options.js';
import type { RawRenewalOptions, RenewalOptions } from '../../lib/renewal/options.js';
import { runSweep } from '../../lib/renewal/runSweep.js';
import type { RenewalTarget, SweepDeps, SweepResult } from '../../lib/renewal/types.js';
import { randomMaterial, startStageEnv } from '../helpers/stageEnv.js';
import type { StageEnv, StageEnvOptions } from '../helpers/stageEnv.js';

const DAY_SECONDS = 86_400;

interface HistoryEntry {
  at: string;
  state: string;
  reason: string;
}

interface OnboardedKey {
  keyId: string;
  alias: string;
  secret: string;
  material: Buffer;
}

interface RenewalEnv extends StageEnv {
  /** Onboards a managed key (create-key chain) with its own secret; `ttl` default 30d. */
  onboard(ttl?: string, prefix?: string): Promise<OnboardedKey>;
  history(keyId: string): Promise<HistoryEntry[]>;
  /** Seconds the key spent in "5" after its first import (emulator's own measure). */
  pendingSeconds(keyId: string): Promise<number>;
  advanceDays(days: number): Promise<void>;
  /** The env's target; `lock: true` adds the alias lock. */
  target(opts?: { lock?: boolean }): RenewalTarget;
  /** Sweep deps over the env: no real waits, deterministic jitter. */
  sweepDeps(overrides?: Partial<SweepDeps>): SweepDeps;
  /** Parses `raw` (fast rps defaults) and runs a sweep. */
  sweep(raw?: RawRenewalOptions, overrides?: Partial<SweepDeps>): Promise<SweepResult>;
  /** Log records with `event`. */
  lines(event: string): Record<string, unknown>[];
}

/** Options with rates high enough not to slow tests down. */
function fastOptions(raw: RawRenewalOptions = {}): RenewalOptions {
  return parseRenewalOptions({ rps: 10_000, ...raw });
}

async function startRenewalEnv(options: StageEnvOptions = {}): Promise<RenewalEnv> {
  const env = await startStageEnv(options);
  let serial = 0;
  const renewal: RenewalEnv = {
    ...env,
    onboard: async (ttl = '30d', prefix = 'rk') => {
      serial += 1;
      const secret = `${prefix}-secret-${serial}`;
      const alias = `${prefix}-${serial}`;
      const material = randomMaterial();
      await env.createSecret(secret, { secretBinary: material.toString('base64') });
      const result = await env.newDispatcher().runChain(StageName.CreateKey, { alias, secret: { name: secret }, ttl });
      if (!result.ok) throw new Error(`onboarding failed: ${result.error.code} ${result.error.message}`);
      return { keyId: result.key_id, alias, secret, material };
    },
    history: async (keyId) => (await env.emu.request('GET', `/_emulator/keys/${keyId}/history`)).body.history as HistoryEntry[],
    pendingSeconds: async (keyId) => (await env.emu.request('GET', `/_emulator/keys/${keyId}/history`)).body.pending_import_seconds as number,
    advanceDays: (days) => env.emu.advance(Math.round(days * DAY_SECONDS)),
    target: (opts = {}) => ({
      region: env.emu.region,
      keys: env.keys,
      secrets: env.secrets,
      ...(opts.lock ? { lock: new AliasSweepLock(env.kms.aliases, env.kms) } : {}),
    }),
    sweepDeps: (overrides = {}) => ({
      targets: [renewal.target()],
      clock: env.clock,
      logger: env.logger,
      sleep: async () => {},
      random: () => 0.5,
      ...overrides,
    }),
    sweep: (raw = {}, overrides = {}) => runSweep(fastOptions(raw), renewal.sweepDeps(overrides)),
    lines: (event) => env.logs.records().filter((r) => r['event'] === event),
  };
  return renewal;
}

/** Imports (`imported`) and refreshes (`expiry_refreshed`) in a key's history. */
function importsIn(history: HistoryEntry[]): number {
  return history.filter((h) => h.reason === 'imported' || h.reason === 'expiry_refreshed').length;
}

export { DAY_SECONDS, fastOptions, importsIn, startRenewalEnv };
export type { HistoryEntry, OnboardedKey, RenewalEnv };
