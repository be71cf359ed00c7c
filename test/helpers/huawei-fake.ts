/**
 * A scripted loopback stand-in for Huawei's KMS/CSMS endpoint, for the client tests: it answers each
 * route with queued replies in Huawei's real shapes and records every request. Not the emulator: no
 * state, no signature check; the tests decide every answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';
import { SecretValue } from '../../lib/domain/SecretValue.js';
import type { HuaweiCloudConfig } from '../../lib/huawei/config.js';

/** One scripted answer. */
interface FakeReply {
  /** Default 200. */
  status?: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent verbatim instead of `body` (e.g. an HTML gateway page). */
  raw?: string;
  headers?: Record<string, string>;
  /** Drop the connection without answering (the client sees ECONNRESET). */
  destroy?: boolean;
  /** Never answer (the client times out). */
  hang?: boolean;
}

interface RecordedRequest {
  method: string;
  /** Path without query. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or `undefined` when empty. */
  body: unknown;
  rawBody: string;
}

type ReplySource = FakeReply | ((req: RecordedRequest) => FakeReply);

interface HuaweiFake {
  url: string;
  projectId: string;
  requests: RecordedRequest[];
  /**
   * Scripts `method` + `path` (a Huawei template; `{project_id}` is filled in), replacing any earlier
   * script of that route. Each request takes the next reply; the last one repeats.
   */
  on(method: string, path: string, ...replies: ReplySource[]): void;
  /** Requests received on a path template. */
  requestsTo(method: string, path: string): RecordedRequest[];
  close(): Promise<void>;
}

const PROJECT_ID = '0123456789abcdef0123456789abcdef';

function unscripted(req: RecordedRequest): FakeReply {
  return { status: 404, body: { error: { error_code: 'KMS.0201', error_msg: `unscripted ${req.method} ${req.path}` } } };
}

/**
 * Starts the fake on 127.0.0.1 with an ephemeral port.
 *
 * @example
 * const fake = await startHuaweiFake();
 * fake.on('POST', '/v1.0/{project_id}/kms/describe-key', { body: { key_info: {...} } });
 */
async function startHuaweiFake(): Promise<HuaweiFake> {
  const routes = new Map<string, ReplySource[]>();
  const requests: RecordedRequest[] = [];
  let counter = 0;
  const keyOf = (method: string, path: string): string => `${method.toUpperCase()} ${path.replace('{project_id}', PROJECT_ID)}`;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: rawBody ? (JSON.parse(rawBody) as unknown) : undefined,
        rawBody,
      };
      requests.push(recorded);
      const queue = routes.get(`${recorded.method} ${recorded.path}`);
      const source = queue && queue.length > 1 ? queue.shift() : queue?.[0];
      const reply = source === undefined ? unscripted(recorded) : typeof source === 'function' ? source(recorded) : source;
      if (reply.destroy) return void req.socket.destroy();
      if (reply.hang) return;
      const text = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
      res.writeHead(reply.status ?? 200, {
        'Content-Type': reply.raw === undefined ? 'application/json' : 'text/html',
        'X-Request-Id': `req-${++counter}`,
        ...reply.headers,
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    projectId: PROJECT_ID,
    requests,
    on(method, path, ...replies) {
      routes.set(keyOf(method, path), [...replies]);
    },
    requestsTo(method, path) {
      const key = keyOf(method, path);
      return requests.filter((r) => `${r.method} ${r.path}` === key);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Test credentials: clearly fake, and easy to grep for in captured output. */
const FAKE_AK = 'AKFAKEEXAMPLE000';
const FAKE_SK = 'SK-super-secret-do-not-print-0001';
const FAKE_TOKEN = 'SECURITY-TOKEN-do-not-print-0002';

/** A config pointing at `fake`, with a security token so its leaking can be detected too. */
function fakeConfig(fake: Pick<HuaweiFake, 'url' | 'projectId'>): HuaweiCloudConfig {
  return {
    ak: FAKE_AK,
    sk: new SecretValue(FAKE_SK),
    securityToken: new SecretValue(FAKE_TOKEN),
    projectId: fake.projectId,
    region: 'cn-north-4',
    endpoint: fake.url,
  };
}

/** Retry settings that never really wait. */
const NO_WAIT = { sleep: async (): Promise<void> => {}, random: (): number => 0.5 };

export { FAKE_AK, FAKE_SK, FAKE_TOKEN, fakeConfig, NO_WAIT, PROJECT_ID, startHuaweiFake };
export type { FakeReply, HuaweiFake, RecordedRequest, ReplySource };
