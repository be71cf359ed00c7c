/**
 * The `byok` command's exit codes, one meaning each for every sub-command, so a script or a fleet's cron can tell
 * "look at a key" from "fix the command line" from "the cloud is unreachable or refused us".
 */
const ExitCode = {
  Ok: 0,
  /** A key failed, is in Pending import or was left due, or the cloud or byok-keeper refused what was asked. */
  Attention: 1,
  /** Bad usage or configuration (a flag, a file, an environment variable). */
  Usage: 2,
  /** The cloud could not be reached, or refused the credentials (signature, clock, permissions). */
  Cloud: 3,
} as const;
type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The paragraph every `--help` ends with. */
const EXIT_CODES_HELP = `Exit codes: 0 ok; 1 a key failed, is in Pending import or was left due (deferred), or
the cloud refused the operation; 2 bad usage or configuration; 3 the cloud could not be
reached or refused the credentials.
`;

export { EXIT_CODES_HELP, ExitCode };
