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
  emulator: { summary: 'serve the embedded Huawei cloud (KMS + CSMS)', load: () => import('./commands/emulator.js') },
  wrap: { summary: 'wrap key material with a KMS wrapping key', load: () => import('./commands/wrap.js') },
  fingerprint: { summary: 'print the fingerprint of key material', load: () => import('./commands/fingerprint.js') },
  onboard: { summary: 'create a managed key and import its material from a secret', load: () => import('./commands/onboard.js') },
  plan: { summary: 'show what the renewal timer would do with every managed key', load: () => import('./commands/plan.js') },
  renew: { summary: 'renew keys whose material expires soon; recover keys in Pending import', load: () => import('./commands/renew.js') },
  dashboard: { summary: 'draw the fleet from the JSON log lines as one HTML page, or serve it live', load: () => import('./commands/dashboard.js') },
};

function usage(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return ['usage: byok <command> [options]', '', 'commands:', ...rows, '', "Run 'byok <command> --help' for a command's options.", '', EXIT_CODES_HELP].join('\n');
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
  const command = commands[name];
  if (!command) {
    process.stderr.write(`byok: unknown command; run 'byok --help' for the list\n`);
    return ExitCode.Usage;
  }
  return (await command.load()).run(rest);
}

export { main };
