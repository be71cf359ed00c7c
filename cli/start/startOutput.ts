/**
 * Where `byok start` writes. On a terminal: notes as lines and the fleet as a table redrawn in place. Otherwise
 * standard output carries only the ticks, one JSON object per line (so a pipe can parse every line), and the
 * notes for people go to standard error.
 */
import { LiveTable, tableLines, tickJson } from './fleetTable.js';
import type { TickView } from './fleetTable.js';

interface StartOutput {
  /** True when ticks are drawn as a table. */
  readonly live: boolean;
  /** A line for people: progress, where things are, the verdict. */
  note(line: string): void;
  /** One tick of the fleet. */
  tick(view: TickView): void;
  /** Text under the table (the dashboard's URL, how to stop). */
  setFooter(text: string): void;
}

interface OutputStreams {
  stdout: Pick<NodeJS.WriteStream, 'write' | 'isTTY' | 'columns'>;
  stderr: Pick<NodeJS.WriteStream, 'write'>;
}

/** @example const output = startOutput(process); */
function startOutput(streams: OutputStreams, heading: string): StartOutput {
  const { stdout, stderr } = streams;
  let footer = '';
  if (stdout.isTTY !== true) {
    return {
      live: false,
      note: (line) => void stderr.write(`${line}\n`),
      tick: (view) => void stdout.write(`${tickJson(view)}\n`),
      setFooter: () => undefined,
    };
  }
  // A terminal that reports no width (0, as a fresh pseudo-terminal may) gets lines of any length.
  const table = new LiveTable((text) => void stdout.write(text), () => (stdout.columns || Number.MAX_SAFE_INTEGER));
  return {
    live: true,
    note: (line) => {
      table.release();
      stdout.write(`${line}\n`);
    },
    tick: (view) => table.draw([...tableLines(view, heading), ...(footer === '' ? [] : [footer])]),
    setFooter: (text) => {
      footer = text;
    },
  };
}

export { startOutput };
export type { StartOutput };
