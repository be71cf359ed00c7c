/**
 * CSMS quotas, states and built-in names (docs/huawei-api.md#csms-secrets-and-versions; Huawei DEW user guide and API
 * pages).
 */

const SecretState = {
  Enabled: 'ENABLED',
  Disabled: 'DISABLED',
  PendingDelete: 'PENDING_DELETE',
  Frozen: 'FROZEN',
} as const;
type SecretState = (typeof SecretState)[keyof typeof SecretState];

const SecretType = { Common: 'COMMON', RdsFg: 'RDS-FG', GaussDbFg: 'GaussDB-FG' } as const;
type SecretType = (typeof SecretType)[keyof typeof SecretType];

/** Built-in stages: they cannot be deleted (CSMS.0105). */
const SystemStage = { Current: 'SYSCURRENT', Previous: 'SYSPREVIOUS' } as const;

/** `versions/latest` reads the SYSCURRENT holder. */
const LATEST_VERSION_ALIAS = 'latest';

/**
 * Secret names. The SDK model documents `^[a-zA-Z0-9_-]{1,64}$`; Huawei's current CreateSecret
 * page and console also allow dots, so the emulator accepts them.
 */
const SECRET_NAME_PATTERN = /^[a-zA-Z0-9._-]{1,64}$/;

const CsmsLimits = {
  versionsPerSecret: 20,
  stagesPerSecret: 12,
  stageNameBytes: 64,
  /** 500 in the current user guide (older pages say 200). */
  secretsPerProject: 500,
  valueBytes: 32 * 1024,
  descriptionBytes: 2048,
  rotationConfigChars: 1024,
  eventSubscriptions: 1,
  listDefaultLimit: 50,
  listMaxLimit: 1000,
  recoveryWindowMinDays: 7,
  recoveryWindowMaxDays: 30,
  recoveryWindowDefaultDays: 30,
  rotationPeriodMinSeconds: 6 * 3600,
  rotationPeriodMaxSeconds: 8760 * 3600,
} as const;

/** The alias of the master key CSMS creates for a project when no `kms_key_id` is given. */
const DEFAULT_MASTER_KEY_ALIAS = 'csms/default';

/** Huawei's id of the default enterprise project. */
const DEFAULT_ENTERPRISE_PROJECT_ID = '0';

export {
  CsmsLimits,
  DEFAULT_ENTERPRISE_PROJECT_ID,
  DEFAULT_MASTER_KEY_ALIAS,
  LATEST_VERSION_ALIAS,
  SECRET_NAME_PATTERN,
  SecretState,
  SecretType,
  SystemStage,
};
