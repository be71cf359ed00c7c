/**
 * `npm start`: the main job on the embedded cloud. Until the lifecycle stages exist this starts
 * the emulator in the foreground (same as `byok emulator`).
 */
async function run(argv: string[]): Promise<number> {
  const { run: emulator } = await import('./emulator.js');
  return emulator(argv);
}

export { run };
