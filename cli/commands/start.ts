/**
 * `npm start` (`byok start`): the main job, deployed, on the embedded cloud (cli/start/startJob.ts). Ctrl-C (or
 * SIGTERM) stops it cleanly with exit code 0; a second Ctrl-C exits at once.
 */
import { CliError, runCommand } from '../args.js';
import { USAGE, parseStartOptions } from '../start/startOptions.js';
import { runStart } from '../start/startJob.js';
import { startOutput } from '../start/startOutput.js';

async function run(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await runCommand(
      'start',
      async () => {
        const options = parseStartOptions(argv, process.env);
        if (options === 'help') {
          process.stdout.write(USAGE);
          return 0;
        }
        const speed = options.speed === undefined ? '' : ` at ${options.speed} simulated h/s`;
        const output = startOutput(process, `byok-keeper, deployed on the embedded cloud${speed}`);
        return runStart(options, output, controller.signal);
      },
      { expose: (error) => error instanceof CliError },
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export { run };
