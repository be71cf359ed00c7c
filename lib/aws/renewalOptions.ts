/**
 * The renewal sweep's options on AWS: the same schema (lib/renewal/options.ts) with two AWS rules applied first.
 *
 * - In place only. AWS re-imports the same material into an enabled key, while deleting imported material makes
 *   the key unusable at once; so the AWS target forces `mode: in-place` (`auto` becomes it) and refuses an explicit
 *   `delete-first` with a configuration error before anything runs. (The adapter refuses the delete too.)
 * - Rates per API group from AWS's quotas (docs/aws.md#quotas): the import group holds GetParametersForImport
 *   (about 1/s per account and region) and ImportKeyMaterial (about 15/s); two group calls per key at 2/s keep
 *   parameters at 1/s, so 100 keys take about 100 s: no throttling, well inside the 900 s function timeout.
 *   Given rates win, group by group.
 */
import { ConfigError } from '../errors/index.js';
import { parseRenewalOptions } from '../renewal/options.js';
import type { RenewalOptions } from '../renewal/options.js';

/** The sweep's default rates on AWS, per API group (option names as in `user_event`). */
const AWS_DEFAULT_RPS = { kms_key: 20, kms_import: 2, kms_crypto: 20, kms_tag: 2, csms: 20 } as const;

type RawObject = Record<string, unknown>;

function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses sweep options for an AWS target.
 *
 * @throws {ConfigError} for `mode: delete-first` or a target with a Huawei `project_id`
 * @throws {RenewalOptionsError} for anything the common schema refuses
 * @example
 * awsRenewalOptions({ lead: '7d' }).mode // 'in-place'
 */
function awsRenewalOptions(raw: unknown): RenewalOptions {
  if (raw !== undefined && !isObject(raw)) return parseRenewalOptions(raw);
  const given: RawObject = raw ?? {};
  if (given['mode'] === 'delete-first') {
    throw new ConfigError(
      'renewal mode delete-first is not available on AWS: deleting imported material makes the key unusable at once, ' +
        'and AWS re-imports the same material into an enabled key in place; omit mode or set it to in-place',
      ['mode'],
    );
  }
  const targets = given['targets'];
  if (Array.isArray(targets) && targets.some((t) => isObject(t) && t['project_id'] !== undefined)) {
    throw new ConfigError('targets[].project_id is a Huawei Cloud project; on AWS a target is a region (the account is the credentials\')', ['targets']);
  }
  const rps = given['rps'];
  const rates = rps === undefined ? { ...AWS_DEFAULT_RPS } : isObject(rps) ? { ...AWS_DEFAULT_RPS, ...rps } : rps;
  return parseRenewalOptions({ ...given, mode: 'in-place', rps: rates });
}

export { AWS_DEFAULT_RPS, awsRenewalOptions };
