/** Placeholder: `byok fingerprint` is being written. */
async function run(_argv: string[]): Promise<number> {
  process.stderr.write('byok fingerprint: not available yet\n');
  return 1;
}

export { run };
