/**
 * The one line a command prints when the cloud could not be reached or refused the credentials (exit code 3):
 * which cloud, the code, and the adapter's advice — a wrong SK, an unreachable endpoint and a clock that is off
 * each get their own instruction, never an empty result.
 */
import { ErrorKind, isCloudApiError } from '../lib/errors/index.js';
import type { CloudApiError } from '../lib/errors/index.js';

const ADVICE_MARK = 'What to do: ';
const GAVE_UP = /\s*\(Gave up after (\d+) attempts\.?\)\.?$/;

/** True for a failure that means "no cloud to talk to": unreachable, or credentials (signature, clock) refused. */
function isCloudOutage(error: unknown): error is CloudApiError {
  return isCloudApiError(error) && (error.kind === ErrorKind.Unavailable || error.kind === ErrorKind.Unauthorized);
}

/** The adapter's instruction out of its message (`<op> failed: <code>... What to do: <advice>.`), else the message. */
function adviceOf(message: string): string {
  const at = message.indexOf(ADVICE_MARK);
  let advice = (at === -1 ? message : message.slice(at + ADVICE_MARK.length)).trim();
  // The transport's retries add "(Gave up after N attempts.)": kept, as the end of the same sentence.
  const gaveUp = GAVE_UP.exec(advice);
  if (gaveUp) advice = `${advice.slice(0, gaveUp.index).replace(/\.+\s*$/, '')}; gave up after ${gaveUp[1]} attempts`;
  advice = advice.replace(/\.+$/, '');
  return advice.charAt(0).toUpperCase() + advice.slice(1);
}

/**
 * @example
 * cloudFailureLine(error, 'Huawei Cloud (cn-north-4)')
 * // 'could not reach Huawei Cloud (cn-north-4): ECONNREFUSED. Nothing accepts connections at the endpoint: ...'
 */
function cloudFailureLine(error: CloudApiError, where: string): string {
  const code = error.httpStatus === undefined ? error.code : `${error.code} (HTTP ${error.httpStatus})`;
  const what = error.kind === ErrorKind.Unavailable ? `could not reach ${where}` : `${where} refused the request`;
  return `${what}: ${code}. ${adviceOf(error.message)}.`;
}

export { cloudFailureLine, isCloudOutage };
