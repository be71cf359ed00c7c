/**
 * Event generators for the handler fuzz: arbitrary JSON, and near-valid events (a valid base with 0..3
 * mutations: a field replaced by junk, deleted, or an extra field added). The junk often carries {@link SECRET},
 * a marker that no field accepts (it contains `!`), so any echo of an event value shows up in the output.
 */
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';

/** A secret-looking marker; it must never appear in logs, results or failure events. */
const SECRET = `FUZZ!SECRET!${randomBytes(12).toString('hex')}`;

type Path = readonly (string | number)[];
type Mutation = readonly [Path, 'replace' | 'delete' | 'extra', unknown];

/** Values that do not belong where they are put. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(SECRET, ` ${SECRET}`, { value: SECRET }, [SECRET], `${SECRET}\n`) },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 50 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, 0, -1, 1e308, '', [], {}) },
);

function apply(event: unknown, [path, op, value]: Mutation): void {
  let parent = event as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) {
    const next = parent?.[step];
    if (typeof next !== 'object' || next === null) return;
    parent = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (typeof parent !== 'object' || parent === null) return;
  // A copy: fast-check hands out the same constant objects again, and a later mutation must not change them.
  if (op === 'delete') delete parent[last];
  else if (op === 'replace') parent[last] = structuredClone(value);
  else parent[`extra_${String(last)}`] = structuredClone(value);
}

/** A valid base with up to three mutations at the given paths. */
function nearValid(base: fc.Arbitrary<Record<string, unknown>>, paths: readonly Path[]): fc.Arbitrary<Record<string, unknown>> {
  const mutation = fc.tuple(fc.constantFrom(...paths), fc.constantFrom('replace' as const, 'delete' as const, 'extra' as const), junk);
  return fc.tuple(base, fc.array(mutation, { maxLength: 3 })).map(([event, mutations]) => {
    const copy = structuredClone(event);
    for (const m of mutations) apply(copy, m);
    return copy;
  });
}

/** Half arbitrary JSON (with the marker sprinkled in), half near-valid. */
function fuzzEvents(valid: fc.Arbitrary<Record<string, unknown>>, paths: readonly Path[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), junk, { maxKeys: 6 }) },
    { weight: 5, arbitrary: nearValid(valid, paths) },
  );
}

const hex = (bytes: number): fc.Arbitrary<string> =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex'));
const base64Of = (bytes: number): fc.Arbitrary<string> =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('base64'));
const isoIn = (fromMs: number, toMs: number): fc.Arbitrary<string> =>
  fc.integer({ min: fromMs, max: toMs }).map((ms) => new Date(ms).toISOString());

export { SECRET, base64Of, fuzzEvents, hex, isoIn, junk, nearValid };
export type { Path };
