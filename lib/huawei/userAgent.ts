/**
 * The User-Agent suffix of every request. A constant rather than a read of package.json so that the
 * esbuild deploy bundles need no file next to them; a test keeps it equal to package.json's version.
 * Setting a custom agent also stops the SDK writing `~/.huaweicloud/application_id`
 * (docs/huawei-api.md#user-agent-writes-to-the-home-directory).
 */
const BYOK_VERSION = '0.1.0';
const BYOK_USER_AGENT = `byok-keeper/${BYOK_VERSION}`;

export { BYOK_USER_AGENT, BYOK_VERSION };
