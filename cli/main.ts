import { closest, distance } from 'fastest-levenshtein';
import { readFileSync } from 'node:fs';
import { EXIT_CODES_HELP, ExitCode } from './exitCodes.js';

/**
 * The `byok` command: a table of sub-commands, each in `cli/commands/<name>.ts` exporting
 * `run(argv): Promise<number>` (the exit code). Modules load lazily so one command's
 * dependencies never slow another down.
 */
interface Command {
  summary: string;
  load: () => Promise<{ run: (argv: string[]) => Promise<number> }>;
}

const commands: Record<string, Command> = {
  start: { summary: 'run the main job on the embedded cloud', load: () => import('./commands/start.js') },
  status: { summary: 'every managed key, most urgent first, and unmanaged keys in Pending import', load: () => import('./commands/status.js') },
  describe: { summary: 'one key: details, tags, aliases, history', load: () => import('./commands/describe.js') },
  secret: { summary: 'store key material in CSMS (put) or list a secret\'s versions', load: () => import('./commands/secret.js') },
  onboard: { summary: 'create a managed key and import its material from a secret', load: () => import('./commands/onboard.js') },
  plan: { summary: 'show what the renewal timer would do with every managed key', load: () => import('./commands/plan.js') },
  renew: { summary: 'renew keys whose material expires soon; recover keys in Pending import', load: () => import('./commands/renew.js') },
  rotate: { summary: 'move an alias to a new key for a new secret version', load: () => import('./commands/rotate.js') },
  recover: { summary: 'import the material again into keys in Pending import', load: () => import('./commands/recover.js') },
  offboard: { summary: 'stop managing a key, optionally schedule its deletion', load: () => import('./commands/offboard.js') },
  params: { summary: 'fetch import parameters into files, for hand or HSM wrapping', load: () => import('./commands/params.js') },
  wrap: { summary: 'wrap key material with a KMS wrapping key', load: () => import('./commands/wrap.js') },
  import: { summary: 'import material wrapped by hand (byok params, byok wrap)', load: () => import('./commands/import.js') },
  fingerprint: { summary: 'print the fingerprint of key material', load: () => import('./commands/fingerprint.js') },
  emulator: { summary: 'serve the embedded Huawei cloud (KMS + CSMS + FunctionGraph); move its clock', load: () => import('./commands/emulator.js') },
  dashboard: { summary: 'draw the fleet from the JSON log lines as one HTML page, or serve it live', load: () => import('./commands/dashboard.js') },
};

function usage(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return ['usage: byok <command> [options]      byok --version', '', 'commands:', ...rows, '', "Run 'byok <command> --help' for a command's options.", '', EXIT_CODES_HELP].join('\n');
}

/** The package's version (package.json beside cli/). */
function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    if (!name) {
      process.stderr.write(usage());
      return ExitCode.Usage;
    }
    process.stdout.write(usage());
    return ExitCode.Ok;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`byok ${version()}\n`);
    return ExitCode.Ok;
  }
  const command = commands[name];
  if (!command) {
    // The typed word is not repeated (it may be anything pasted); the nearest command is.
    const nearest = closest(name, Object.keys(commands));
    const hint = distance(name, nearest) <= Math.max(2, nearest.length / 2) ? `; did you mean '${nearest}'?` : '';
    process.stderr.write(`byok: unknown command${hint} (byok --help lists them)\n`);
    return ExitCode.Usage;
  }
  return (await command.load()).run(rest);
}

export { main };
