/**
 * Everything `byok` prints that came from the cloud or a person (tag values such as a hand-set `byok:alias`, key
 * names, descriptions, service messages) goes through {@link terminalText}: control characters and C1 escapes
 * could move the cursor or recolour the terminal, bidirectional overrides and zero-width characters could make
 * one name read as another. The same cleaning as the dashboard's (lib/dashboard/cleanText.ts).
 */
import { cleanText } from '../lib/dashboard/cleanText.js';

/** Longest value printed in one cell or line. */
const MAX_CHARS = 300;

/**
 * @example
 * terminalText('pay\u202Egnp.exe') // 'paygnp.exe'
 * terminalText('\u001b[2J') // '[2J'
 */
function terminalText(value: unknown, maxChars = MAX_CHARS): string {
  if (value === undefined || value === null) return '';
  return cleanText(String(value), maxChars) ?? '';
}

/** `1 managed key`, `2 managed keys`: a count with its noun (`noun` is the singular; `plural` when not just +s). */
function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

export { plural, terminalText };
