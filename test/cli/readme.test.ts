import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runByok } from './cliRun.js';

const README = resolve(import.meta.dirname, '../../README.md');

/** The shell lines of the fenced block after `<!-- walkthrough -->`, comments removed. */
function walkthroughLines(): string[] {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf('<!-- walkthrough -->');
  const block = /```sh\n([\s\S]*?)```/.exec(text.slice(start))?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
}

describe('README: the walkthrough runs as written, on a fresh data file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'byok-readme-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('every command of the walkthrough exits 0, in order', async () => {
    // Prepare
    const lines = walkthroughLines();
    expect(lines.filter((l) => l.startsWith('npx byok ')).length).toBeGreaterThanOrEqual(10);
    const env: Record<string, string> = {};

    // Act and assess, line by line
    for (const line of lines) {
      if (line.startsWith('export ')) {
        for (const pair of line.slice('export '.length).split(/\s+/)) {
          const [name, value] = pair.split('=');
          env[name!] = value!;
        }
        continue;
      }
      expect(line.startsWith('npx byok '), `not a byok command: ${line}`).toBe(true);
      const run = await runByok(line.slice('npx byok '.length).split(/\s+/), { env, cwd: dir });
      expect({ line, code: run.code, stderr: run.stderr }).toEqual({ line, code: 0, stderr: '' });
    }
    expect(existsSync(join(dir, '.byok/walkthrough.html'))).toBe(true);
  }, 180_000);
});
