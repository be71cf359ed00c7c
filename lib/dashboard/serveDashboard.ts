/**
 * The live dashboard on 127.0.0.1: `GET /` is the page with the current model, `GET /model.json` the model alone
 * (the page polls it). Each request first reads what was appended to the log files since the last one.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogTail } from './LogTail.js';
import type { LogTailOptions } from './LogTail.js';
import { packModel } from './packModel.js';
import { renderDashboardPage } from './renderPage.js';
import type { DashboardModel } from './types.js';

interface ServeDashboardOptions extends LogTailOptions {
  logs: readonly string[];
  /** Default 0: any free port. */
  port?: number;
  /** How often the page asks for a new model. Default 10 s. */
  refreshSeconds?: number;
  /** Requests closer together than this share one read of the files. Default 1,000 ms. */
  minReadIntervalMs?: number;
}

interface DashboardServer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  close: () => Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Starts the server after a first full read of the logs.
 *
 * @throws {LogFileError} when a log file cannot be read at start
 * @example
 * const { url, close } = await serveDashboard({ logs: ['.byok/start.log'], port: 8470 });
 */
async function serveDashboard(options: ServeDashboardOptions): Promise<DashboardServer> {
  const tail = new LogTail(options.logs, options);
  await tail.refresh();
  const refreshSeconds = options.refreshSeconds ?? 10;
  const minReadIntervalMs = options.minReadIntervalMs ?? 1_000;
  let reading: Promise<unknown> | undefined;
  let lastReadMs = Date.now();
  let cached: { rev: number; model: DashboardModel } | undefined;

  const currentModel = async (): Promise<DashboardModel> => {
    if (reading === undefined && Date.now() - lastReadMs >= minReadIntervalMs) {
      reading = tail.refresh().finally(() => {
        lastReadMs = Date.now();
        reading = undefined;
      });
    }
    if (reading !== undefined) await reading;
    if (cached?.rev !== tail.rev) cached = { rev: tail.rev, model: tail.model() };
    return cached.model;
  };

  const server = createServer((request, response) => {
    void handle(request, response).catch(() => {
      // The reason may name a path; the page only needs to know the logs could not be read.
      if (response.headersSent) response.destroy();
      else send(response, 500, 'text/plain; charset=utf-8', 'the log files could not be read; see the dashboard command\n');
    });
  });
  let port = 0;
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    // A page elsewhere may not read the fleet through a DNS name that points here (DNS rebinding).
    const host = request.headers.host ?? '';
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) return send(response, 421, 'text/plain; charset=utf-8', 'wrong host\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain; charset=utf-8', 'GET only\n');
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    if (path === '/' || path === '/index.html') {
      return send(response, 200, 'text/html; charset=utf-8', renderDashboardPage(await currentModel(), { liveIntervalSeconds: refreshSeconds }));
    }
    if (path === '/model.json') return send(response, 200, 'application/json; charset=utf-8', JSON.stringify(packModel(await currentModel())));
    send(response, 404, 'text/plain; charset=utf-8', 'not found\n');
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${HOST}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

export { serveDashboard };
export type { DashboardServer, ServeDashboardOptions };
