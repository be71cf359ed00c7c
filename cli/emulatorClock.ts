/**
 * `byok emulator clock [+6h | --set ISO]`: the embedded cloud's clock, read or moved through its control surface
 * (`/_emulator/clock`, signed like every call) — so weeks of material expiry pass in a walkthrough in seconds.
 */
import { isCloudApiError } from '../lib/errors/index.js';
import type { HuaweiTransport } from '../lib/huawei/index.js';
import { CliError, parseCommandArgs, runCommand } from './args.js';
import { ExitCode } from './exitCodes.js';

const DURATION = /^\+(\d{1,6})([smhd])$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 };

interface ClockView {
  now: string;
  mode: string;
}

async function clockCall(transport: HuaweiTransport, body: Record<string, unknown> | undefined): Promise<ClockView> {
  const method = body === undefined ? 'GET' : 'POST';
  try {
    return await transport.call(
      { name: 'emulatorClock', method, url: '/_emulator/clock', idempotent: body === undefined },
      body === undefined ? {} : { body },
      (raw) => raw as ClockView,
    );
  } catch (error) {
    if (isCloudApiError(error) && error.httpStatus === 400) {
      throw new CliError('the embedded cloud refused to move its clock: only a virtual clock moves, and never backwards (BYOK_EMULATOR_CLOCK=virtual, or byok emulator --clock virtual)', { exitCode: ExitCode.Attention });
    }
    throw error;
  }
}

/** Entry point of `byok emulator clock`; returns the exit code. */
async function runClock(argv: string[]): Promise<number> {
  return runCommand('emulator clock', async (session) => {
    const move = argv[0]?.startsWith('+') ? argv[0] : undefined;
    const flags = parseCommandArgs(move === undefined ? argv : argv.slice(1), { set: { type: 'string' }, json: { type: 'boolean' } });
    let body: Record<string, unknown> | undefined;
    if (move !== undefined) {
      const match = DURATION.exec(move);
      if (!match) throw new CliError('the clock moves by +N with a unit s, m, h or d (e.g. +6h, +30d)');
      body = { advance_seconds: Number(match[1]) * UNIT_SECONDS[match[2]!]! };
    }
    if (flags.set !== undefined) {
      if (body !== undefined) throw new CliError('give +DURATION or --set ISO, not both');
      if (Number.isNaN(Date.parse(flags.set))) throw new CliError('--set must be an ISO-8601 time such as 2030-01-01T00:00:00Z');
      body = { set: new Date(flags.set).toISOString() };
    }
    const backend = await session.backend();
    if (!backend.embedded || backend.huawei === undefined) {
      throw new CliError(`byok emulator clock works on the embedded cloud only; the environment points at ${backend.description}`);
    }
    const view = await clockCall(backend.huawei.transport, body);
    if (flags.json === true) process.stdout.write(`${JSON.stringify(view)}\n`);
    else process.stdout.write(`${view.now} (${view.mode} clock); ${backend.description}\n`);
    return ExitCode.Ok;
  });
}

export { runClock };
