import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a shared service (PostgreSQL, Redis), so a test can make the
 * service "go down" for the app under test without touching the service itself.
 */
export interface TcpProxy {
  /** The port the proxy listens on; it stays the same across `cut()` and `restore()`. */
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's (e.g. a DATABASE_URL or REDIS_URL). */
  urlFor(url: string): string;
  /** The service is down: stop listening (new connections are refused) and destroy every open connection. */
  cut(): Promise<void>;
  /**
   * The service hangs: connections stay open and new ones are accepted, but no byte goes through in
   * either direction (a server that stopped answering, a network that drops packets).
   */
  stall(): void;
  /** The service is back: listen again on the same port; connections held by `stall()` are dropped. */
  restore(): Promise<void>;
  /** Connections the proxy has passed through since it started (both directions open). */
  readonly connections: number;
  /** Cut and forget the proxy (afterAll). */
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (e: Error): void => reject(e);
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', failed);
      const address = server.address();
      if (typeof address === 'object' && address) resolve(address.port);
      else reject(new Error('the proxy has no port'));
    });
  });
}

/** Start a proxy to `target` (e.g. `{ host: '127.0.0.1', port: 5432 }`) on a free port. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; upstream?: Socket }>();
  let passed = 0;
  let stalled = false;
  const destroyAll = (): void => {
    for (const { client, upstream } of pairs) {
      client.destroy();
      upstream?.destroy();
    }
    pairs.clear();
  };
  const server = createServer((client) => {
    const pair: { client: Socket; upstream?: Socket } = { client };
    pairs.add(pair);
    client
      .on('error', () => client.destroy())
      .once('close', () => {
        pairs.delete(pair);
        pair.upstream?.destroy();
      });
    // a stalled service takes the connection and never answers
    if (stalled) return;
    const upstream = connect(target.port, target.host);
    pair.upstream = upstream;
    passed += 1;
    // either side failing or ending takes the other one with it, as a dead server would
    upstream.on('error', () => upstream.destroy()).once('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  let listening = false;
  const port = await listen(server, 0);
  listening = true;

  const cut = async (): Promise<void> => {
    if (listening) {
      listening = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      destroyAll();
      await closed;
    }
    destroyAll();
  };

  return {
    port,
    urlFor(url: string): string {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut,
    stall(): void {
      stalled = true;
      for (const { client, upstream } of pairs) {
        client.unpipe();
        upstream?.unpipe();
        client.pause();
        upstream?.pause();
      }
    },
    async restore(): Promise<void> {
      if (stalled) {
        stalled = false;
        destroyAll();
      }
      if (listening) return;
      await listen(server, port);
      listening = true;
    },
    get connections(): number {
      return passed;
    },
    close: cut,
  };
}
