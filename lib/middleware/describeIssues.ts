import type { BaseIssue, IssuePathItem } from 'valibot';
import type { EventIssue } from './errors.js';

/** Keys shown as-is in a path; anything else (data used as a key) is shown as `[?]`. */
const plainKey = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

function formatPath(path: readonly IssuePathItem[] | undefined): string {
  if (path === undefined || path.length === 0) return '(event)';
  let text = '';
  for (const item of path) {
    const key: unknown = item.key;
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && plainKey.test(key)) text += text === '' ? key : `.${key}`;
    else text += '[?]';
  }
  return text;
}

/**
 * What was expected, from the schema's side only. Valibot's default messages quote the received value, so they
 * are used only when the schema author wrote the message and it does not contain the input.
 */
function describeProblem(issue: BaseIssue<unknown>): string {
  const lastPathItem = issue.path?.[issue.path.length - 1];
  if (lastPathItem?.origin === 'key') {
    return issue.received === 'undefined' ? 'required' : 'unexpected field';
  }
  const authored =
    !issue.message.startsWith('Invalid ') &&
    !issue.message.includes(issue.received) &&
    !(typeof issue.input === 'string' && issue.input.length > 0 && issue.message.includes(issue.input));
  if (authored) return issue.message.slice(0, 200);
  return `expected ${(issue.expected ?? issue.type).slice(0, 200)}`;
}

/** Valibot issues as {@link EventIssue}s: a path and a problem, never the received value. */
function describeIssues(issues: readonly BaseIssue<unknown>[]): EventIssue[] {
  return issues.map((issue) => ({ path: formatPath(issue.path), problem: describeProblem(issue) }));
}

export { describeIssues };
