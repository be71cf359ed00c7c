/**
 * The main job, end to end, on the embedded cloud: a few managed keys whose material expires after 1, 7 and 30
 * days, and the renewal timer ticking over simulated weeks on the emulator's virtual clock. At the end it reads
 * every key's state history from the emulator and proves that no key ever spent a second in Pending import and
 * that data encrypted on day 0 still decrypts.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { startEmulator } from '../emulator/index.js';
import { SecretValue } from '../lib/domain/SecretValue.js';
import { InProcessDispatcher } from '../lib/dispatch/InProcessDispatcher.js';
import { createHuaweiClients } from '../lib/huawei/index.js';
import { portsOver } from '../lib/huawei/wiring.js';
import { Logger } from '../lib/log/Logger.js';
import { StageName } from '../lib/ports/index.js';
import { parseRenewalOptions, runSweep } from '../lib/renewal/index.js';
import type { SweepSummary } from '../lib/renewal/index.js';
import { advanceClock, keyHistory } from './embeddedControl.js';

interface DemoOptions {
  dataFile: string;
  days: number;
  everyHours: number;
  /** Receives each JSON log line of the stages and sweeps (what FunctionGraph would ship to LTS). */
  log: (line: string) => void;
  /** Receives the human-readable report, line by line. */
  print: (line: string) => void;
}

interface DemoKey {
  alias: string;
  ttl: string;
  keyId: string;
  probe: string;
}

const FLEET = [
  { alias: 'demo-payments', ttl: '1d', encoding: 'binary' },
  { alias: 'demo-orders', ttl: '7d', encoding: 'hex' },
  { alias: 'demo-ledger', ttl: '30d', encoding: 'base64' },
] as const;

const HOUR_SECONDS = 3_600;

/** Runs the demo; resolves true when every key stayed out of Pending import and every probe decrypts. */
async function runDemo(options: DemoOptions): Promise<boolean> {
  const { print } = options;
  rmSync(options.dataFile, { force: true });
  const emu = await startEmulator({ dataFile: options.dataFile, clock: 'virtual' });
  try {
    const now = () => emu.now();
    const config = { ak: emu.ak, sk: new SecretValue(emu.sk), projectId: emu.project_id, region: emu.region, endpoint: emu.endpoint };
    const { kms, csms, transport } = createHuaweiClients({ config, now });
    const { lock, ...ports } = portsOver({ kms, csms }, now);
    const logger = new Logger({ write: options.log, now: () => now().getTime(), fields: { fn: 'byok-start' } });
    print(`embedded cloud at ${emu.endpoint} (virtual clock, data ${emu.dataFile}); JSON logs go to the log file`);

    const fleet: DemoKey[] = [];
    for (const { alias, ttl, encoding } of FLEET) {
      const material = randomBytes(32);
      const value = encoding === 'binary' ? { secretBinary: material.toString('base64') } : { secretString: material.toString(encoding) };
      material.fill(0);
      await csms.createSecret({ name: alias, ...value });
      const result = await new InProcessDispatcher({ ...ports, logger }).runChain(StageName.CreateKey, { alias, secret: { name: alias }, ttl });
      if (!result.ok) throw new Error(`onboarding ${alias} failed (${result.error.code}): ${result.error.message}`);
      const probe = (await kms.encryptData({ keyId: `alias/${alias}`, plainText: `day-0 data of ${alias}` })).cipherText;
      fleet.push({ alias, ttl, keyId: result.key_id, probe });
      print(`onboarded ${alias.padEnd(14)} key ${result.key_id}  material ttl ${ttl.padEnd(4)} expires ${'expires_at' in result ? String(result.expires_at) : '?'}`);
    }

    const renewal = parseRenewalOptions({});
    const ticks = Math.round((options.days * 24) / options.everyHours);
    let day: { renewed: number; failed: number; pending: number; min: number | null } = { renewed: 0, failed: 0, pending: 0, min: null };
    print(`renewal timer: a sweep every ${options.everyHours} h for ${options.days} simulated days`);
    for (let tick = 1; tick <= ticks; tick++) {
      await advanceClock(transport, options.everyHours * HOUR_SECONDS);
      const { summary } = await runSweep(renewal, { targets: [{ ...ports, lock, region: emu.region }], clock: ports.clock, logger });
      day = accumulate(day, summary);
      if ((tick * options.everyHours) % 24 === 0 || tick === ticks) {
        const date = now().toISOString().slice(0, 10);
        print(`day ${String(Math.ceil((tick * options.everyHours) / 24)).padStart(3)}  ${date}  renewed ${day.renewed}  failed ${day.failed}  in pending import ${day.pending}  min days left ${day.min?.toFixed(2) ?? '-'}`);
        day = { renewed: 0, failed: 0, pending: 0, min: null };
      }
    }

    let healthy = true;
    for (const key of fleet) {
      const { pendingImportSeconds, history } = await keyHistory(transport, key.keyId);
      const decrypted = await kms.decryptData({ cipherText: key.probe });
      const decrypts = decrypted.plainText.reveal() === `day-0 data of ${key.alias}`;
      const ok = pendingImportSeconds === 0 && decrypts;
      healthy &&= ok;
      const imports = history.filter((h) => h.reason === 'imported' || h.reason === 'expiry_refreshed').length;
      print(`${ok ? 'ok  ' : 'FAIL'} ${key.alias.padEnd(14)} imports ${String(imports).padStart(3)}  seconds in pending import ${pendingImportSeconds}  day-0 ciphertext decrypts: ${decrypts}`);
    }
    return healthy;
  } finally {
    await emu.close();
  }
}

function accumulate(day: { renewed: number; failed: number; pending: number; min: number | null }, s: SweepSummary) {
  const min = s.min_days_left === null ? day.min : Math.min(day.min ?? Infinity, s.min_days_left);
  return { renewed: day.renewed + s.renewed + s.recovered, failed: day.failed + s.failed, pending: Math.max(day.pending, s.pending_import), min };
}

export { runDemo };
export type { DemoOptions };
