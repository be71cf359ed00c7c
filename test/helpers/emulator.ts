/**
 * Test helpers for everything that talks to the embedded cloud: start an emulator on a free
 * port with a temporary data file, and send requests signed by the OFFICIAL signer of
 * `@huaweicloud/huaweicloud-sdk-core` (`AKSKSigner`), built and sent the way `HcClient` sends
 * them (query via `querystring`, WHATWG-normalised path, `X-Project-Id`, JSON body), with
 * `X-Sdk-Date` taken from the emulator's clock so virtual time works.
 */
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import log4js from 'log4js';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseQuery, stringify as stringifyQuery } from 'node:querystring';
import { startEmulator } from '../../emulator/index.js';
import type { StartEmulatorOptions } from '../../emulator/index.js';
import type { EmulatorConfig, ServiceFactory } from '../../emulator/types.js';

/** Per-request knobs; everything defaults to the emulator's own credentials and clock. */
interface TestRequestOptions {
  /** Extra or overriding headers, signed (e.g. a wrong `X-Project-Id`). */
  headers?: Record<string, string>;
  /** Headers to leave out (case-insensitive), e.g. `['X-Project-Id']`. */
  omitHeaders?: string[];
  ak?: string;
  sk?: string;
  /** Sent (and signed) as `X-Security-Token`. */
  securityToken?: string;
  /** The signing time (`X-Sdk-Date`); default the emulator's `now()`. */
  date?: Date;
  /** Send without any Authorization header. */
  unsigned?: boolean;
  /** Raw bytes to send instead of JSON; signed through `X-Sdk-Content-Sha256` = their sha256. */
  rawBody?: string | Buffer;
  /** Bytes actually sent, after signing the normal body (to test tampering). */
  tamperedBody?: string;
  /** Raw path and query actually sent, after signing the normal ones (to test tampering). */
  tamperedPath?: string;
}

interface HttpResult {
  status: number;
  /** Parsed JSON; the raw text when it is not JSON; `undefined` when empty. */
  body: any;
  headers: Record<string, string>;
}

/** Where and as whom to send. */
interface SigningTarget {
  endpoint: string;
  projectId: string;
  ak: string;
  sk: string;
  /** Default signing time; default wall clock. */
  now?: () => Date;
  agent?: Agent;
}

interface StartTestEmulatorOptions {
  clock?: 'real' | 'virtual';
  start?: Date;
  /** Reuse (and keep) this data file, e.g. to test a restart; default: a temp file removed on close. */
  dataFile?: string;
  region?: string;
  /** Default: the real KMS and CSMS services. */
  services?: ServiceFactory[];
  /** Receives the emulator's internal-error lines; default stderr. */
  log?: (line: string) => void;
}

interface TemporaryTestCredential {
  ak: string;
  sk: string;
  securityToken: string;
  expiresAt: string;
}

interface TestEmulator {
  endpoint: string;
  region: string;
  projectId: string;
  domainId: string;
  ak: string;
  sk: string;
  dataFile: string;
  now(): Date;
  /** `path` may contain `{project_id}` and a query string. */
  request(method: string, path: string, body?: unknown, opts?: TestRequestOptions): Promise<HttpResult>;
  /** Moves the virtual clock forward (services' clock hooks run). */
  advance(seconds: number): Promise<void>;
  setConfig(config: Partial<EmulatorConfig>): Promise<void>;
  /** Issues temporary credentials through the control surface. */
  temporaryCredentials(durationSeconds?: number): Promise<TemporaryTestCredential>;
  close(): Promise<void>;
}

function sdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function decodeBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Sends one request signed with the official `AKSKSigner`.
 *
 * @example
 * const res = await signedRequest({ endpoint, projectId, ak, sk }, 'GET', '/_emulator/clock');
 */
function signedRequest(
  target: SigningTarget,
  method: string,
  path: string,
  body?: unknown,
  opts: TestRequestOptions = {},
): Promise<HttpResult> {
  const filled = path.replaceAll('{project_id}', target.projectId);
  const q = filled.indexOf('?');
  const pathOnly = q === -1 ? filled : filled.slice(0, q);
  const queryParams = q === -1 ? {} : { ...parseQuery(filled.slice(q + 1)) };
  const wireQuery = stringifyQuery(queryParams);
  const wirePath = new URL(target.endpoint + pathOnly).pathname + (wireQuery === '' ? '' : `?${wireQuery}`);

  const date = opts.date ?? target.now?.() ?? new Date();
  let headers: Record<string, string> = {
    'content-type': 'application/json',
    'X-Project-Id': target.projectId,
    'X-Sdk-Date': sdkDate(date),
  };
  if (opts.securityToken !== undefined) headers['X-Security-Token'] = opts.securityToken;
  let payload: Buffer | undefined;
  if (opts.rawBody !== undefined) {
    payload = Buffer.from(opts.rawBody);
    headers['X-Sdk-Content-Sha256'] = createHash('sha256').update(payload).digest('hex');
  } else if (body !== undefined) {
    payload = Buffer.from(JSON.stringify(body));
  }
  headers = { ...headers, ...opts.headers };
  const omit = new Set((opts.omitHeaders ?? []).map((h) => h.toLowerCase()));
  headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !omit.has(k.toLowerCase())));

  let sent: Record<string, string> = headers;
  if (!opts.unsigned) {
    // The core's BaseCredentials signs `${endpoint}${url}` (no query) with the queryParams object.
    const signable = {
      endpoint: target.endpoint + pathOnly,
      method,
      headers,
      queryParams,
      data: opts.rawBody === undefined ? body : undefined,
    };
    const credential = { getAk: () => opts.ak ?? target.ak, getSk: () => opts.sk ?? target.sk };
    sent = AKSKSigner.sign(signable as never, credential as never) as Record<string, string>;
  }
  if (opts.tamperedBody !== undefined) payload = Buffer.from(opts.tamperedBody);

  const url = new URL(target.endpoint);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: opts.tamperedPath?.replaceAll('{project_id}', target.projectId) ?? wirePath,
        headers: { ...sent, 'content-length': String(payload?.length ?? 0) },
        ...(target.agent !== undefined && { agent: target.agent }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const responseHeaders: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined) responseHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
          }
          resolve({
            status: res.statusCode ?? 0,
            body: decodeBody(Buffer.concat(chunks).toString('utf8')),
            headers: responseHeaders,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Starts an emulator for a test; close it in `afterAll`/`afterEach`.
 *
 * @example
 * const emu = await startTestEmulator({ clock: 'virtual' });
 * const res = await emu.request('POST', '/v1.0/{project_id}/kms/create-key', { key_alias: 'a' });
 * await emu.close();
 */
async function startTestEmulator(opts: StartTestEmulatorOptions = {}): Promise<TestEmulator> {
  const tempDir = opts.dataFile === undefined ? mkdtempSync(join(tmpdir(), 'byok-emu-')) : undefined;
  const dataFile = opts.dataFile ?? join(tempDir!, 'emulator.db');
  const startOptions: StartEmulatorOptions = { port: 0, dataFile, clock: opts.clock ?? 'real' };
  if (opts.start !== undefined) startOptions.start = opts.start;
  if (opts.region !== undefined) startOptions.region = opts.region;
  if (opts.services !== undefined) startOptions.services = opts.services;
  if (opts.log !== undefined) startOptions.log = opts.log;
  let emu;
  try {
    emu = await startEmulator(startOptions);
  } catch (error) {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }
  const running = emu;
  const agent = new Agent({ keepAlive: true });
  const target: SigningTarget = {
    endpoint: running.endpoint,
    projectId: running.project_id,
    ak: running.ak,
    sk: running.sk,
    now: () => running.now(),
    agent,
  };
  const request = (method: string, path: string, body?: unknown, o?: TestRequestOptions): Promise<HttpResult> =>
    signedRequest(target, method, path, body, o);
  const expectOk = async (what: string, res: Promise<HttpResult>): Promise<HttpResult> => {
    const r = await res;
    if (r.status !== 200) throw new Error(`${what} failed: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  return {
    endpoint: running.endpoint,
    region: running.region,
    projectId: running.project_id,
    domainId: running.domain_id,
    ak: running.ak,
    sk: running.sk,
    dataFile: running.dataFile,
    now: () => running.now(),
    request,
    advance: async (seconds) => {
      await expectOk('advance', request('POST', '/_emulator/clock', { advance_seconds: seconds }));
    },
    setConfig: async (config) => {
      await expectOk('setConfig', request('POST', '/_emulator/config', config));
    },
    temporaryCredentials: async (durationSeconds) => {
      const body = durationSeconds === undefined ? {} : { duration_seconds: durationSeconds };
      const res = await expectOk('temporaryCredentials', request('POST', '/_emulator/credentials/temporary', body));
      const c = res.body.credential;
      return { ak: c.access, sk: c.secret, securityToken: c.securitytoken, expiresAt: c.expires_at };
    },
    close: async () => {
      agent.destroy();
      await running.close();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

/**
 * Turns off the log4js output the Huawei SDK configures at import time (it would print
 * Authorization headers and security tokens of failed requests). Call after importing the SDK.
 */
function silenceHuaweiSdkLogs(): void {
  log4js.configure({ appenders: { out: { type: 'stdout' } }, categories: { default: { appenders: ['out'], level: 'off' } } });
}

export { sdkDate, signedRequest, silenceHuaweiSdkLogs, startTestEmulator };
export type {
  HttpResult,
  SigningTarget,
  StartTestEmulatorOptions,
  TemporaryTestCredential,
  TestEmulator,
  TestRequestOptions,
};
