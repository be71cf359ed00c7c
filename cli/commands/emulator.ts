/** Placeholder: `byok emulator` is being written. */
async function run(_argv: string[]): Promise<number> {
  process.stderr.write('byok emulator: not available yet\n');
  return 1;
}

export { run };
