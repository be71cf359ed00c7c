import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../lib/dashboard/LineSplitter.js';

function split(chunks: Buffer[], maxLineBytes: number): { lines: string[]; oversize: number } {
  const lines: string[] = [];
  let oversize = 0;
  const splitter = new LineSplitter({ maxLineBytes, onLine: (l) => lines.push(l), onOversize: () => (oversize += 1) });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return { lines, oversize };
}

/** Cuts `bytes` at the given offsets. */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

describe('Class: LineSplitter', () => {
  it('gives the same lines whatever the chunk boundaries, multi-byte characters and CRLF included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '')), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        (lines, offsets, crlf) => {
          // Prepare
          const text = lines.map((l) => `${l}${crlf ? '\r\n' : '\n'}`).join('');
          // Act
          const result = split(cut(Buffer.from(text), offsets), 1 << 16);
          // Assess
          expect(result.lines).toEqual(lines.filter((l) => l.trim() !== ''));
          expect(result.oversize).toBe(0);
        },
      ),
    );
  });

  it('drops a line over the limit as it streams by and goes on with the next', () => {
    // Prepare: a 3 MiB line in 64 KiB chunks between two short ones, limit 1 MiB
    const huge = Buffer.alloc(3 << 20, 'x');
    const bytes = Buffer.concat([Buffer.from('first\n'), huge, Buffer.from('\nlast\n')]);
    // Act
    const result = split(cut(bytes, Array.from({ length: 60 }, (_, i) => (i + 1) * 65_536)), 1 << 20);
    // Assess
    expect(result).toEqual({ lines: ['first', 'last'], oversize: 1 });
  });

  it('counts an over-long last line without a newline, and keeps a short one', () => {
    expect(split([Buffer.from('a\n'), Buffer.alloc(40, 'y')], 32)).toEqual({ lines: ['a'], oversize: 1 });
    expect(split([Buffer.from('a\nb')], 32)).toEqual({ lines: ['a', 'b'], oversize: 0 });
  });

  it('drops a line that is over the limit only once its end arrives in the same chunk', () => {
    expect(split([Buffer.from(`${'z'.repeat(40)}\nok\n`)], 32)).toEqual({ lines: ['ok'], oversize: 1 });
  });
});
