/** Placeholder: `byok wrap` is being written. */
async function run(_argv: string[]): Promise<number> {
  process.stderr.write('byok wrap: not available yet\n');
  return 1;
}

export { run };
