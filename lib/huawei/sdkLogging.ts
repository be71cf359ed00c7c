/**
 * The SDK configures log4js globally when it is imported (stdout, level debug) and logs every failed
 * request at ERROR with the full axios config: `Authorization`, `X-Security-Token` and the request body
 * (docs/huawei-api.md#log4js-prints-secrets). Reconfiguring the same log4js instance (a direct dependency,
 * so npm dedupes it with the SDK's) to level "off" silences it.
 */
import log4js from 'log4js';

let silenced = false;

/**
 * Turns the SDK's log4js output off, once per process (a cold start): later calls do nothing. Call it after the
 * SDK is imported and before the first request (HuaweiTransport does; so do the function handlers at cold start).
 */
function silenceSdkLogging(): void {
  if (silenced) return;
  silenced = true;
  log4js.configure({
    appenders: { out: { type: 'stdout' } },
    categories: { default: { appenders: ['out'], level: 'off' } },
  });
}

export { silenceSdkLogging };
