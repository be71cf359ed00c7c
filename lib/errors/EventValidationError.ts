/**
 * Bad input described without echoing it: where (a path) and what was expected there, never what was received —
 * people paste secrets into the wrong field, and an error must not carry them any further.
 */
import type { BaseIssue, IssuePathItem } from 'valibot';
import { ByokError, isNamedError } from './ByokError.js';

/** One problem found in an event or options object. */
interface EventIssue {
  /** Dotted path such as `secret.version` or `record[0].smn`; `(event)` for the event itself. */
  readonly path: string;
  /** `expected string`, `required`, `unexpected field`, ... */
  readonly problem: string;
}

/** Up to five issues as one sentence fragment: `path: problem; path: problem; and N more`. */
function listIssues(issues: readonly EventIssue[]): string {
  const shown = issues.slice(0, 5).map((issue) => `${issue.path}: ${issue.problem}`);
  if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
  return shown.join('; ');
}

/** The event does not match the stage's schema. Not retryable: the same event fails the same way. */
class EventValidationError extends ByokError {
  override readonly name = 'EventValidationError' as const;
  readonly issues: readonly EventIssue[];

  constructor(issues: readonly EventIssue[], options?: ErrorOptions) {
    super(`invalid event: ${listIssues(issues)}`, { ...options, code: 'BYOK.INVALID_EVENT' });
    this.issues = issues;
  }
}

const isEventValidationError = isNamedError<EventValidationError>('EventValidationError');

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

/**
 * Valibot issues as {@link EventIssue}s: a path and a problem, never the received value.
 *
 * @example
 * const parsed = v.safeParse(schema, event);
 * if (!parsed.success) throw new EventValidationError(describeIssues(parsed.issues));
 */
function describeIssues(issues: readonly BaseIssue<unknown>[]): EventIssue[] {
  return issues.map((issue) => ({ path: formatPath(issue.path), problem: describeProblem(issue) }));
}

export { EventValidationError, describeIssues, isEventValidationError, listIssues };
export type { EventIssue };
