/**
 * The SDK configures log4js globally when it is imported (stdout, level debug) and logs every failed
 * request at ERROR with the full axios config: `Authorization`, `X-Security-Token` and the request body
 * (docs/huawei-api.md#log4js-prints-secrets). Reconfiguring the same log4js instance (a direct dependency,
 * so npm dedupes it with the SDK's) to level "off" silences it.
 */
import log4js from 'log4js';

/**
 * Turns the SDK's log4js output off. Idempotent; call after the SDK is imported and before the first
 * request (HuaweiTransport does; call it yourself when using another `@huaweicloud/*` client).
 */
function silenceSdkLogging(): void {
  log4js.configure({
    appenders: { out: { type: 'stdout' } },
    categories: { default: { appenders: ['out'], level: 'off' } },
  });
}

export { silenceSdkLogging };
