import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { WebSocketServer } from 'ws';

/** A canned response: a recorded fixture (body + its `.headers.json`) or an inline one. */
export interface ReplayResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Delay before answering (ms), for synthetic timeouts. */
  delayMs?: number;
  /**
   * Server-Sent Events mode: instead of `body`, write these chunks in turn (`chunkDelayMs` apart), then end
   * the response (`end`), keep it open until the client or `dropStreams()` closes it (`hold`), or destroy
   * the socket mid-stream (`drop`: a disconnect).
   */
  sse?: { chunks: string[]; chunkDelayMs?: number; then?: 'end' | 'hold' | 'drop' };
}

export interface ReplayRoute {
  method?: string;
  /** Path to match exactly. */
  path: string;
  /** Query parameters that must be present with these values (`null`: must be absent). */
  query?: Record<string, string | null>;
  /** Responses served in turn; the last one repeats. */
  responses: ReplayResponse[];
}

export interface FixtureServer {
  url: string;
  /** Every request seen, as `METHOD path?query`. */
  requests: string[];
  /** Request headers of each request, in order. */
  requestHeaders: IncomingMessage['headers'][];
  route(route: ReplayRoute): void;
  /** Destroys every open SSE response (a disconnect as the client sees it). */
  dropStreams(): void;
  close(): Promise<void>;
}

// Recorded bodies were decoded; these headers describe the original encoding and length, so drop them.
const DROP = new Set([
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
]);

/** Loads `<dir>/<file>` and its `.headers.json` (status + headers, dropping encoding/length headers). */
export function loadFixture(dir: string, file: string): ReplayResponse {
  const body = readFileSync(join(dir, file), 'utf8');
  const headersFile = join(dir, file.replace(/\.(json|html|txt|jsonl)$/, '') + '.headers.json');
  let status = 200;
  const headers: Record<string, string> = {};
  try {
    const meta = JSON.parse(readFileSync(headersFile, 'utf8')) as {
      status?: number;
      headers?: Record<string, string | string[]>;
    };
    status = meta.status ?? 200;
    for (const [k, v] of Object.entries(meta.headers ?? {})) {
      if (DROP.has(k.toLowerCase()) || k.toLowerCase() === 'set-cookie') continue;
      headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
  } catch {
    headers['content-type'] = file.endsWith('.html')
      ? 'text/html'
      : 'application/json; charset=utf-8';
  }
  return { status, headers, body };
}

function matches(route: ReplayRoute, method: string, url: URL): boolean {
  if ((route.method ?? 'GET') !== method || route.path !== url.pathname) return false;
  for (const [k, v] of Object.entries(route.query ?? {})) {
    if (v === null ? url.searchParams.has(k) : url.searchParams.get(k) !== v) return false;
  }
  return true;
}

/** A node:http server on 127.0.0.1 (port 0) that replays routes; later routes win over earlier ones. */
export async function startFixtureServer(routes: ReplayRoute[] = []): Promise<FixtureServer> {
  const table = [...routes];
  const served = new Map<ReplayRoute, number>();
  const requests: string[] = [];
  const requestHeaders: IncomingMessage['headers'][] = [];
  const streams = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method ?? 'GET'} ${url.pathname}${url.search}`);
    requestHeaders.push(req.headers);
    req.resume();
    const route = [...table].reverse().find((r) => matches(r, req.method ?? 'GET', url));
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: `no fixture for ${req.method ?? 'GET'} ${url.pathname}${url.search}`,
        }),
      );
      return;
    }
    const n = served.get(route) ?? 0;
    served.set(route, n + 1);
    const r = route.responses[Math.min(n, route.responses.length - 1)];
    if (r === undefined) {
      res.writeHead(500);
      res.end();
      return;
    }
    const send = (): void => {
      if (res.destroyed) return;
      if (r.sse !== undefined) {
        streamSse(res, r, r.sse, streams);
        return;
      }
      res.writeHead(r.status, { ...r.headers, 'content-length': Buffer.byteLength(r.body) });
      res.end(r.body);
    };
    if (r.delayMs !== undefined) setTimeout(send, r.delayMs).unref();
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestHeaders,
    route: (r) => table.push(r),
    dropStreams: () => {
      for (const s of streams) s.destroy();
      streams.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function streamSse(
  res: ServerResponse,
  r: ReplayResponse,
  sse: NonNullable<ReplayResponse['sse']>,
  streams: Set<ServerResponse>,
): void {
  res.writeHead(r.status, { ...r.headers, 'cache-control': 'no-cache' });
  res.flushHeaders();
  streams.add(res);
  res.on('close', () => streams.delete(res));
  const chunks = [...sse.chunks];
  const next = (): void => {
    if (res.destroyed) return;
    const chunk = chunks.shift();
    if (chunk !== undefined) {
      res.write(chunk);
      setTimeout(next, sse.chunkDelayMs ?? 0).unref();
      return;
    }
    const then = sse.then ?? 'end';
    if (then === 'end') res.end();
    else if (then === 'drop') res.destroy();
  };
  next();
}

/** Splits a recorded SSE body into chunks of at most `size` characters (cuts land mid-line on purpose). */
export function sseChunks(body: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < body.length; i += size) out.push(body.slice(i, i + size));
  return out;
}

export interface JetstreamReplayServer {
  url: string;
  /** `cursor` query of each connection (null when absent). */
  connections: (string | null)[];
  /** Closes every open client connection (to test reconnects). */
  dropClients(): void;
  close(): Promise<void>;
}

/**
 * A websocket server replaying Jetstream lines: on each connection it sends every line whose `time_us` is at
 * or after the `cursor` parameter (all lines without one), like the real service rewinding to a cursor.
 */
export async function startJetstreamReplay(
  lines: readonly string[],
  opts: { closeAfterSend?: boolean } = {},
): Promise<JetstreamReplayServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const connections: (string | null)[] = [];
  wss.on('connection', (socket, req) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const cursor = url.searchParams.get('cursor');
    connections.push(cursor);
    const from = cursor === null ? -Infinity : Number(cursor);
    for (const line of lines) {
      const t = /"time_us":(\d+)/.exec(line)?.[1];
      if (t === undefined || Number(t) >= from) socket.send(line);
    }
    if (opts.closeAfterSend === true) socket.close();
  });
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    connections,
    dropClients: () => {
      for (const c of wss.clients) c.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
