/**
 * `byok offboard`: stop managing a key — remove its `byok:` tags, so no renewal touches it again — and optionally
 * schedule its deletion. Asks on a terminal; refuses without `--yes` anywhere else.
 */
import { CliError, parseCommandArgs, runCommand } from '../args.js';
import { BACKEND_HELP, takeCloud } from '../backend.js';
import { EXIT_CODES_HELP, ExitCode } from '../exitCodes.js';
import { confirm, resolveKeyRef } from '../keyRef.js';

const USAGE = `usage: byok offboard (--alias A | --key K) [--schedule-deletion Nd] [--yes] [--json]

Stop managing a key: remove its byok: tags, so the renewal timer leaves it alone
(its material then expires at its current expiry, and the key goes to Pending
import). The alias keeps pointing at it. Optionally schedule the key's deletion.

  --alias A               the key alias/A points at
  --key K                 or a 36-character key id
  --schedule-deletion Nd  also schedule the key's deletion in N days (7 to 1096):
                          after that, data encrypted under it cannot be decrypted
  --yes                   do not ask (required when not on a terminal)
  --json                  print one JSON object
  --cloud C               huawei or aws (default: as the environment says)
  -h, --help              show this help

${EXIT_CODES_HELP}
${BACKEND_HELP}`;

const OPTIONS = {
  alias: { type: 'string' },
  key: { type: 'string' },
  'schedule-deletion': { type: 'string' },
  yes: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function pendingDaysOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d{1,4})d$/.exec(text);
  const days = match ? Number(match[1]) : Number.NaN;
  if (!(days >= 7 && days <= 1096)) throw new CliError('--schedule-deletion must be a number of days with its unit, from 7d to 1096d');
  return days;
}

/** Entry point of `byok offboard`; returns the exit code. */
async function run(given: string[]): Promise<number> {
  const { cloud, argv } = takeCloud(given);
  return runCommand('offboard', async (session) => {
    const flags = parseCommandArgs(argv, OPTIONS);
    if (flags.help === true) {
      process.stdout.write(USAGE);
      return ExitCode.Ok;
    }
    if ((flags.alias === undefined) === (flags.key === undefined)) throw new CliError('give exactly one of --alias A and --key K');
    const pendingDays = pendingDaysOf(flags['schedule-deletion']);
    const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
    if (flags.yes !== true && !interactive) throw new CliError('refusing to offboard without --yes when not on a terminal to ask');
    const backend = await session.backend({ cloud });
    const { keyId } = await resolveKeyRef(backend.keys, flags.alias ?? flags.key!, flags.alias !== undefined ? '--alias' : '--key');
    const tags = (await backend.keys.showKeyTags(keyId)).filter((t) => t.key.startsWith('byok:'));
    const deletion = pendingDays === undefined ? '' : ` and schedule its deletion in ${pendingDays} days`;
    if (flags.yes !== true && !(await confirm(`Stop managing key ${keyId}${deletion}?`))) {
      process.stderr.write('byok offboard: nothing changed\n');
      return ExitCode.Usage;
    }
    if (tags.length > 0) await backend.keys.removeKeyTags(keyId, tags.map((t) => t.key));
    if (pendingDays !== undefined) await backend.keys.scheduleKeyDeletion(keyId, pendingDays);
    const result = { key_id: keyId, removed_tags: tags.map((t) => t.key), deletion_in_days: pendingDays ?? null, backend: backend.description };
    if (flags.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(
        `key ${keyId} is no longer managed (${tags.length} byok: tags removed)` +
          `${pendingDays === undefined ? '' : `; its deletion is scheduled in ${pendingDays} days (cancel-key-deletion undoes it)`}\n`,
      );
    }
    return ExitCode.Ok;
  });
}

export { run };
