/**
 * A local webhook receiver for tests: records every request with its raw body, answers each path
 * with a status the test sets, and can hold a request open until the test releases it.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedHook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HeldRequest {
  /** Resolves once the request has arrived (and is being held). */
  arrived: Promise<void>;
  release(status: number): void;
}

export interface WebhookReceiver {
  url(path: string): string;
  received: ReceivedHook[];
  /** Every request to `path` answers `status` from now on (default 200). */
  answer(path: string, status: number): void;
  /** The next request to `path` waits until released. */
  hold(path: string): HeldRequest;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  const statuses = new Map<string, number>();
  const holds = new Map<string, { arrive: () => void; response: Promise<number> }>();
  const sockets = new Set<Socket>();
  const server = createServer((request, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const held = holds.get(path);
      if (held) {
        holds.delete(path);
        held.arrive();
        void held.response.then((status) =>
          response.writeHead(status).end(status < 300 ? 'ok' : 'receiver down'),
        );
        return;
      }
      const status = statuses.get(path) ?? 200;
      response.writeHead(status).end(status < 300 ? 'ok' : 'receiver down');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    answer: (path, status) => statuses.set(path, status),
    hold(path) {
      let arrive!: () => void;
      let release!: (status: number) => void;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const response = new Promise<number>((resolve) => (release = resolve));
      holds.set(path, { arrive, response });
      return { arrived, release };
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
