/** `byok describe KEY|ALIAS`: one key — its details, tags, aliases and, on the embedded cloud, its state history. */
import type { KeyInfo } from '../../lib/domain/KeyInfo.js';
import { CliError, parseCommandArgs, runCommand } from '../args.js';
import { BACKEND_HELP, takeCloud } from '../backend.js';
import type { Backend } from '../backend.js';
import { keyHistory } from '../embeddedControl.js';
import type { KeyHistory } from '../embeddedControl.js';
import { EXIT_CODES_HELP, ExitCode } from '../exitCodes.js';
import { resolveKeyRef } from '../keyRef.js';
import { renderTable, stdoutOutput } from '../output.js';
import { terminalText } from '../terminalText.js';

const USAGE = `usage: byok describe KEY|ALIAS [--json]

One key: state, material expiry, origin, spec, name, description, every tag, the
aliases that point at it, and its recent history as far as the cloud can tell (the
embedded cloud keeps every state change; Huawei Cloud's is in CTS traces).

  KEY|ALIAS    a 36-character key id, or an alias (app or alias/app)
  --json       print one JSON object
  --cloud C    huawei or aws (default: as the environment says)
  -h, --help   show this help

${EXIT_CODES_HELP}
${BACKEND_HELP}`;

const OPTIONS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

/** The last entries of the history shown. */
const HISTORY_SHOWN = 20;

async function aliasesOf(backend: Backend, keyId: string): Promise<string[]> {
  const aliases = backend.huawei?.kms.aliases;
  if (aliases === undefined) return [];
  return (await aliases.listAliases(keyId)).map((a) => a.alias.replace(/^alias\//, ''));
}

async function historyOf(backend: Backend, keyId: string): Promise<KeyHistory | undefined> {
  if (!backend.embedded || backend.huawei === undefined) return undefined;
  return keyHistory(backend.huawei.transport, keyId);
}

function infoJson(info: KeyInfo): Record<string, unknown> {
  return {
    key_id: info.keyId,
    name: info.name ?? null,
    state: info.keyState,
    expires_at: info.expirationTime?.toISOString() ?? null,
    origin: info.origin ?? null,
    key_spec: info.keySpec ?? null,
    description: info.description ?? null,
    created_at: info.creationDate?.toISOString() ?? null,
    scheduled_deletion_at: info.scheduledDeletionDate?.toISOString() ?? null,
  };
}

/** Entry point of `byok describe`; returns the exit code. */
async function run(given: string[]): Promise<number> {
  const { cloud, argv } = takeCloud(given);
  return runCommand('describe', async (session) => {
    const positional = argv.filter((a) => !a.startsWith('-'));
    const flags = parseCommandArgs(argv.filter((a) => a.startsWith('-')), OPTIONS);
    if (flags.help === true) {
      process.stdout.write(USAGE);
      return ExitCode.Ok;
    }
    if (positional.length !== 1) throw new CliError('give exactly one KEY or ALIAS (see --help)');
    const backend = await session.backend({ cloud });
    const { keyId } = await resolveKeyRef(backend.keys, positional[0]!, 'KEY|ALIAS');
    const info = await backend.keys.describeKey(keyId);
    const tags = await backend.keys.showKeyTags(keyId);
    const aliases = await aliasesOf(backend, keyId);
    const history = await historyOf(backend, keyId);
    const json = {
      ...infoJson(info),
      aliases,
      tags: Object.fromEntries(tags.map((t) => [t.key, t.value])),
      history: history === undefined ? null : history.history.slice(-HISTORY_SHOWN),
      pending_import_seconds: history?.pendingImportSeconds ?? null,
      backend: backend.description,
    };
    if (flags.json === true) {
      process.stdout.write(`${JSON.stringify(json)}\n`);
      return ExitCode.Ok;
    }
    const out = stdoutOutput();
    const fields: [string, unknown][] = [
      ...Object.entries(infoJson(info)),
      ['aliases', aliases.map((a) => `alias/${a}`).join(', ') || '-'],
      ...tags.map((t): [string, unknown] => [`tag ${t.key}`, t.value]),
    ];
    const width = Math.max(...fields.map(([k]) => terminalText(k).length));
    out.write(fields.map(([k, v]) => `${terminalText(k).padEnd(width)}  ${terminalText(v ?? '-') || '-'}\n`).join(''));
    if (history === undefined) {
      out.write('history: not kept by Huawei Cloud here; CTS traces (importKeyMaterial, deleteImportedKeyMaterial) have it\n');
    } else {
      out.write(`\nhistory (last ${HISTORY_SHOWN}; ${history.pendingImportSeconds} s in Pending import after the first import):\n`);
      out.write(renderTable(['AT', 'STATE', 'REASON'], history.history.slice(-HISTORY_SHOWN).map((h) => [h.at, h.state, h.reason])));
    }
    out.write(`backend: ${backend.description}\n`);
    return ExitCode.Ok;
  });
}

export { run };
