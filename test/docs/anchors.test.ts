/**
 * The docs/ contract: every `docs/<page>.md#<anchor>` cited anywhere in the repository (code, tests, README, the
 * docs pages' own links) names a page and a heading that exist, and no file cites notes a reader of the repository
 * cannot open or an issue number. Reads files only (~100 ms).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  docsCitations,
  docsPageLinks,
  githubAnchor,
  headingAnchors,
  listFiles,
  outsideCitations,
  readText,
  where,
} from './citations.js';
import type { Citation } from './citations.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));


const SOURCE = /\.(?:ts|js|cjs|mjs|md)$/;
const files = listFiles(ROOT, SOURCE);
const texts = new Map(files.map((file) => [file, readText(ROOT, file)]));
const anchorsOf = new Map(
  files.filter((file) => file.startsWith('docs/')).map((file) => [file.slice('docs/'.length), headingAnchors(texts.get(file) ?? '')]),
);

/** Why a citation does not resolve, or `undefined` when it does. */
function problemOf(citation: Citation): string | undefined {
  const anchors = anchorsOf.get(citation.page);
  // Not a docs page: a link to another file of the repository, which must exist (its anchors are not checked).
  if (anchors === undefined) return existsSync(join(ROOT, 'docs', citation.page)) ? undefined : `no file docs/${citation.page}`;
  if (citation.anchor !== undefined && !anchors.has(citation.anchor)) return `no heading #${citation.anchor} in docs/${citation.page}`;
  return undefined;
}

describe('docs/ citations', () => {
  it('computes anchors the way GitHub does', () => {
    // Prepare
    const page = '# Title\n## Tag query (resource_instances)\n```\n## not a heading\n```\n## Limits\n## Limits\n';
    // Act
    const anchors = headingAnchors(page);
    // Assess
    expect(githubAnchor('Times: seconds, milliseconds and strings')).toBe('times-seconds-milliseconds-and-strings');
    expect([...anchors]).toEqual(['title', 'tag-query-resource_instances', 'limits', 'limits-1']);
  });

  it('finds a citation of a missing heading and the outside citations', () => {
    // Prepare: built from parts, so this file does not cite anything itself.
    const code = ['// see docs/' + 'huawei-api.md#no-such-heading', '// per design' + '.md', '// (issue' + ' 5)', '// RFC 8017 §7.2.2'];
    // Act
    const cited = docsCitations('x.ts', code.join('\n'));
    const outside = outsideCitations('x.ts', code.join('\n'));
    // Assess
    expect(cited.map(problemOf)).toEqual(['no heading #no-such-heading in docs/huawei-api.md']);
    expect(outside.map((place) => place.line)).toEqual([2, 3]);
  });

  it('every docs/<page>.md#<anchor> cited in the repository names an existing heading', () => {
    // Act
    const cited = files.flatMap((file) => docsCitations(file, texts.get(file) ?? ''));
    const broken = cited.filter((c) => problemOf(c) !== undefined).map((c) => `${where(c)} (${problemOf(c)})`);
    // Assess
    expect(cited.length).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  });

  it('links between the docs pages resolve', () => {
    // Act
    const links = files.filter((f) => f.startsWith('docs/')).flatMap((file) => docsPageLinks(file, texts.get(file) ?? ''));
    const broken = links.filter((c) => problemOf(c) !== undefined).map((c) => `${where(c)} (${problemOf(c)})`);
    // Assess
    expect(links.length).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  });

  it('no file cites notes outside the repository or an issue number', () => {
    // Act
    const offenders = files.flatMap((file) => outsideCitations(file, texts.get(file) ?? '')).map(where);
    // Assess
    expect(offenders).toEqual([]);
  });
});
