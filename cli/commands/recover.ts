/**
 * `byok recover`: import the pinned material again into managed keys in Pending import — one key, or every one —
 * on-event's recover in this process. A recovered key whose alias is missing (an onboarding cut short) gets it.
 */
import { KeyState } from '../../lib/domain/KeyState.js';
import { isByokError } from '../../lib/errors/index.js';
import { checkRecoverable, completeAlias, importPinnedMaterial } from '../../lib/lifecycle/index.js';
import type { LifecycleDeps } from '../../lib/lifecycle/index.js';
import { discoverManagedKeys } from '../../lib/renewal/discover.js';
import { parseCommandArgs, runCommand } from '../args.js';
import { BACKEND_HELP, takeCloud } from '../backend.js';
import { isCloudOutage } from '../cloudFailure.js';
import { EXIT_CODES_HELP, ExitCode } from '../exitCodes.js';
import { commandLogger, resolveKeyRef } from '../keyRef.js';
import { renderTable, stdoutOutput } from '../output.js';
import { plural } from '../terminalText.js';

const USAGE = `usage: byok recover [--key K] [--force] [--json] [--verbose]

Recover managed keys in Pending import (material expired or deleted): import the
material of the secret version pinned in their tags, checked against byok:fp first.
Without --key, every managed key in Pending import.

  --key K      one key: a 36-character key id or an alias
  --force      re-import an Enabled key's material anyway (in place)
  --json       print one JSON object {keys: [...]}
  --verbose    write the lifecycle's log lines (JSON) on stderr
  --cloud C    huawei or aws (default: as the environment says)
  -h, --help   show this help

${EXIT_CODES_HELP}
${BACKEND_HELP}`;

const OPTIONS = {
  key: { type: 'string' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Recovery {
  key_id: string;
  outcome: 'recovered' | 'failed';
  state: string;
  expires_at: string | null;
  alias: string | null;
  error_code?: string;
  error_message?: string;
}

async function recoverOne(deps: LifecycleDeps, keyId: string, force: boolean): Promise<Recovery> {
  try {
    const { key } = await checkRecoverable(deps, keyId, { force });
    const outcome = await importPinnedMaterial(deps, key);
    await completeAlias(deps, keyId);
    return { key_id: keyId, outcome: 'recovered', state: outcome.state, expires_at: outcome.expiresAt?.toISOString() ?? null, alias: key.tags.alias || null };
  } catch (error) {
    // Unreachable or refused credentials concern every key: that is the command's failure (exit 3).
    if (isCloudOutage(error) || !isByokError(error)) throw error;
    return { key_id: keyId, outcome: 'failed', state: 'PendingImport', expires_at: null, alias: null, error_code: error.code, error_message: error.message };
  }
}

/** Entry point of `byok recover`; returns the exit code. */
async function run(given: string[]): Promise<number> {
  const { cloud, argv } = takeCloud(given);
  return runCommand('recover', async (session) => {
    const flags = parseCommandArgs(argv, OPTIONS);
    if (flags.help === true) {
      process.stdout.write(USAGE);
      return ExitCode.Ok;
    }
    const backend = await session.backend({ cloud });
    const deps: LifecycleDeps = { ...backend, logger: commandLogger('recover', flags.verbose) };
    const keyIds =
      flags.key !== undefined
        ? [(await resolveKeyRef(backend.keys, flags.key, '--key')).keyId]
        : (await discoverManagedKeys(backend.keys)).filter((s) => s.info?.keyState === KeyState.PendingImport).map((s) => s.keyId);
    const results: Recovery[] = [];
    for (const keyId of keyIds) results.push(await recoverOne(deps, keyId, flags.force === true));
    const failed = results.filter((r) => r.outcome === 'failed').length;
    if (flags.json === true) process.stdout.write(`${JSON.stringify({ keys: results, backend: backend.description })}\n`);
    else {
      const out = stdoutOutput();
      if (results.length > 0) {
        out.write(renderTable(['KEY ID', 'ALIAS', 'OUTCOME', 'EXPIRES', 'DETAIL'], results.map((r) => [r.key_id, r.alias, { text: r.outcome, paint: r.outcome === 'failed' ? out.colors.red : out.colors.green }, r.expires_at ?? 'never', r.error_message ?? ''])));
      }
      out.write(`${plural(results.length - failed, 'key')} recovered, ${failed} failed; ${backend.description}\n`);
    }
    return failed > 0 ? ExitCode.Attention : ExitCode.Ok;
  });
}

export { run };
