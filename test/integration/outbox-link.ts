/**
 * A local TCP proxy standing in for the kiosk's network link (tests and test/bench/outbox.ts):
 * it can be cut and restored (refusing and resetting connections while down), and it can add
 * one-way latency and a bandwidth limit per direction (a slow rural link).
 */
import { createServer, connect, type Socket } from 'node:net';

export interface LinkOptions {
  targetPort: number;
  targetHost?: string;
  /** Added to every chunk in each direction, ms. */
  latencyMs?: number;
  /** Per direction; absent = unlimited. */
  bytesPerSecond?: number;
}

export interface Link {
  url: string;
  port: number;
  readonly up: boolean;
  /** Cut (resets every open connection, refuses new ones) or restore the link. */
  setUp(up: boolean): void;
  setShape(shape: { latencyMs?: number; bytesPerSecond?: number }): void;
  /** Bytes that went through, each direction. */
  bytes: { up: number; down: number };
  close(): Promise<void>;
}

export async function startLink(options: LinkOptions): Promise<Link> {
  let up = true;
  let latency = options.latencyMs ?? 0;
  let bps = options.bytesPerSecond ?? 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const bytes = { up: 0, down: 0 };

  /** Forwards src -> dst through the shaped pipe. */
  const pipe = (src: Socket, dst: Socket, count: (n: number) => void) => {
    let busyUntil = 0;
    src.on('data', (chunk: Buffer) => {
      count(chunk.length);
      if (!latency && !bps) {
        if (!dst.destroyed) dst.write(chunk);
        return;
      }
      const now = Date.now();
      const start = Math.max(now, busyUntil);
      busyUntil = start + (bps ? (chunk.length / bps) * 1000 : 0);
      const t = setTimeout(
        () => {
          timers.delete(t);
          if (!dst.destroyed) dst.write(chunk);
        },
        busyUntil + latency - now,
      );
      timers.add(t);
    });
    src.on('end', () => {
      const delay = Math.max(0, busyUntil + latency - Date.now());
      const t = setTimeout(() => {
        timers.delete(t);
        dst.end();
      }, delay);
      timers.add(t);
    });
  };

  const server = createServer((client) => {
    if (!up) {
      client.resetAndDestroy();
      return;
    }
    const backend = connect(options.targetPort, options.targetHost ?? '127.0.0.1');
    sockets.add(client);
    sockets.add(backend);
    const kill = () => {
      client.destroy();
      backend.destroy();
      sockets.delete(client);
      sockets.delete(backend);
    };
    client.on('error', kill);
    backend.on('error', kill);
    client.on('close', kill);
    backend.on('close', kill);
    pipe(client, backend, (n) => (bytes.up += n));
    pipe(backend, client, (n) => (bytes.down += n));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${addr.port}`,
    port: addr.port,
    get up() {
      return up;
    },
    setUp(next) {
      up = next;
      if (!next) {
        for (const s of sockets) {
          if (s.destroyed) continue;
          try {
            s.resetAndDestroy();
          } catch {
            s.destroy();
          }
        }
        sockets.clear();
      }
    },
    setShape(shape) {
      if (shape.latencyMs !== undefined) latency = shape.latencyMs;
      if (shape.bytesPerSecond !== undefined) bps = shape.bytesPerSecond;
    },
    bytes,
    close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
