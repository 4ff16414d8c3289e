import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HttpSink {
  url: string;
  requests: ReceivedRequest[];
  /** Status to answer with (200 by default). */
  status: number;
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 that records every POST; for webhook tests. */
export async function startHttpSink(): Promise<HttpSink> {
  const sink: HttpSink = { url: '', requests: [], status: 200, close: () => Promise.resolve() };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (sink.status < 300)
        sink.requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(sink.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  sink.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return sink;
}
