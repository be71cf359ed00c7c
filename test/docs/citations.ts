/**
 * Finds what comments cite: `docs/<page>.md#<anchor>` citations, the headings (as GitHub anchors) of each docs
 * page, and citations of notes kept outside the repository. Pure functions over file text, plus a repository
 * walk; used by anchors.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** A place in a file, for failure messages. */
interface Place {
  file: string;
  line: number;
  text: string;
}

/** A `docs/<page>.md[#anchor]` citation. */
interface Citation extends Place {
  page: string;
  anchor: string | undefined;
}

const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.byok', 'dist', 'coverage', '.serverless']);

/** Every file under `root` whose name matches `pattern`, as `/`-separated paths relative to `root`. */
function listFiles(root: string, pattern: RegExp, dir = root): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) found.push(...listFiles(root, pattern, join(dir, entry.name)));
    } else if (pattern.test(entry.name)) {
      found.push(relative(root, join(dir, entry.name)).split(sep).join('/'));
    }
  }
  return found.sort();
}

/**
 * GitHub's anchor for a heading: link syntax reduced to its text, lower-cased, every character but letters,
 * digits, `_`, `-` and spaces dropped, spaces turned into `-` (the rule of github-slugger).
 *
 * @example
 * githubAnchor('Tag query (resource_instances)') // 'tag-query-resource_instances'
 */
function githubAnchor(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a markdown page's headings (outside code fences), repeated ones numbered `-1`, `-2`, … */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading?.[1]) continue;
    const base = githubAnchor(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

const DOCS_CITATION = /docs\/([A-Za-z0-9_.-]+\.md)(?:#([\p{L}\p{N}_-]+))?/gu;

/** The `docs/<page>.md[#anchor]` citations in one file's text. */
function docsCitations(file: string, text: string): Citation[] {
  const found: Citation[] = [];
  text.split('\n').forEach((line, i) => {
    for (const match of line.matchAll(DOCS_CITATION)) {
      found.push({ file, line: i + 1, text: line.trim(), page: match[1] ?? '', anchor: match[2] });
    }
  });
  return found;
}

const RELATIVE_LINK = /\]\((?![a-z]+:)([^)#\s]*)(?:#([^)\s]+))?\)/g;

/** Relative markdown links (`[x](page.md#anchor)`, `[x](#anchor)`) of a page in docs/, as citations. */
function docsPageLinks(file: string, text: string): Citation[] {
  const here = file.slice('docs/'.length);
  const found: Citation[] = [];
  text.split('\n').forEach((line, i) => {
    for (const match of line.matchAll(RELATIVE_LINK)) {
      const target = match[1] === '' || match[1] === undefined ? here : match[1].replace(/^\.\//, '');
      found.push({ file, line: i + 1, text: line.trim(), page: target, anchor: match[2] });
    }
  });
  return found;
}

/**
 * Citations of what a reader of the repository cannot open: the project's design notes and API reference kept
 * elsewhere (by file name, path or section sign), and issue or pull-request numbers. A section sign is allowed
 * after an RFC number (`RFC 8017 §7.2.2`).
 */
const OUTSIDE_CITATIONS: readonly RegExp[] = [
  /\bdesign\.md\b/i,
  /\btoolchain\.md\b/i,
  /(?<![\w/-])reference(?:\/|\.md\b|\s*§)/i,
  /(?<!RFC \d+ )§\s*\d/,
  /\bissues?\s*#?\d+\b/i,
  /\b(?:PR|pull request)\s*#\d+/i,
];

/** The lines of one file that cite something outside the repository. */
function outsideCitations(file: string, text: string): Place[] {
  const found: Place[] = [];
  text.split('\n').forEach((line, i) => {
    if (OUTSIDE_CITATIONS.some((pattern) => pattern.test(line))) found.push({ file, line: i + 1, text: line.trim() });
  });
  return found;
}

/** `file:line: text`, for failure messages. */
function where(place: Place): string {
  return `${place.file}:${place.line}: ${place.text.slice(0, 160)}`;
}

function readText(root: string, file: string): string {
  return readFileSync(join(root, file), 'utf8');
}

export { docsCitations, docsPageLinks, githubAnchor, headingAnchors, listFiles, outsideCitations, readText, where };
export type { Citation, Place };
