/**
 * How `byok` writes for people: tables (cli-table3: widths that count colour codes and wide characters right),
 * colour (picocolors) only when stdout is a terminal — and `NO_COLOR` is unset, `TERM` is not `dumb` — plain text
 * when piped, every cell through {@link terminalText}.
 */
import Table from 'cli-table3';
import pc from 'picocolors';
import type { Colors } from 'picocolors/types.js';
import { terminalText } from './terminalText.js';

/** A place to write, and whether it is a terminal (colour, progress bars, prompts). */
interface Output {
  readonly tty: boolean;
  readonly colors: Colors;
  write(text: string): void;
}

function isColourTerminal(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true && env['NO_COLOR'] === undefined && env['TERM'] !== 'dumb';
}

/** Standard output as an {@link Output}. */
function stdoutOutput(env: NodeJS.ProcessEnv = process.env): Output {
  const tty = process.stdout.isTTY === true;
  return {
    tty,
    colors: pc.createColors(isColourTerminal(process.stdout, env)),
    write: (text) => void process.stdout.write(text),
  };
}

/** A cell: text (cleaned for the terminal) and an optional colour. */
type Cell = string | number | null | undefined | { text: unknown; paint?: (text: string) => string };

function cellText(cell: Cell): string {
  if (cell !== null && typeof cell === 'object') {
    const text = terminalText(cell.text) || '-';
    return cell.paint ? cell.paint(text) : text;
  }
  return terminalText(cell) || '-';
}

/**
 * A borderless table, columns two spaces apart, lines without trailing spaces.
 *
 * @example
 * out.write(renderTable(['ALIAS', 'STATE'], [['app', { text: 'Enabled', paint: out.colors.green }]]));
 */
function renderTable(head: string[], rows: Cell[][]): string {
  const blank = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' };
  const table = new Table({ head, chars: blank, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 } });
  for (const row of rows) table.push(row.map(cellText));
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}

export { renderTable, stdoutOutput };
export type { Cell, Output };
