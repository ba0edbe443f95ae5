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
  /**
   * The link's queue per direction, bytes (a router's buffer): beyond it the proxy stops reading,
   * so TCP's backpressure reaches the sender as on a real link. Absent = unlimited (everything the
   * sender writes is taken at once and queued).
   */
  bufferBytes?: number;
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
  /** Cuts the link every `everyMs` for `downMs` (a link that drops on a schedule); null stops it. */
  dropEvery(schedule: { everyMs: number; downMs: number } | null): void;
  /** Cuts the link once `bytes.up` reaches `upBytes`, for `downMs` (resolves when it is back up). */
  cutAtUpBytes(upBytes: number, downMs: number): Promise<void>;
  /** How many times the link was cut by dropEvery or cutAtUpBytes. */
  readonly drops: number;
  close(): Promise<void>;
}

export async function startLink(options: LinkOptions): Promise<Link> {
  let up = true;
  let latency = options.latencyMs ?? 0;
  let bps = options.bytesPerSecond ?? 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const bytes = { up: 0, down: 0 };
  const bufferBytes = options.bufferBytes ?? 0;
  let drops = 0;
  let dropTimer: NodeJS.Timeout | null = null;
  const cuts: Array<{ at: number; downMs: number; done: () => void }> = [];
  let setUpFn: (next: boolean) => void = () => {};
  const cut = (downMs: number, done?: () => void) => {
    drops++;
    setUpFn(false);
    const t = setTimeout(() => {
      timers.delete(t);
      setUpFn(true);
      done?.();
    }, downMs);
    timers.add(t);
  };

  /** Forwards src -> dst through the shaped pipe. */
  /**
   * When each direction's line is free again: shared by every connection, so the bandwidth is the
   * link's, not each connection's (parallel connections share it, as on a real link).
   */
  const line = { up: { busyUntil: 0 }, down: { busyUntil: 0 } };
  /** Answers when the last byte it scheduled reaches `dst` (ms since the epoch). */
  const pipe = (src: Socket, dst: Socket, count: (n: number) => void, dir: { busyUntil: number }): (() => number) => {
    let busyUntil = 0;
    // One FIFO per direction and one timer: a timer per chunk could fire out of order when the
    // event loop lagged (a timer's start is the loop's cached time, its due time the wall clock's),
    // and bytes reordered on a connection reached the server as a garbled request (seen in CI).
    const queue: Array<{ at: number; chunk: Buffer }> = [];
    let ended = false;
    let timer: NodeJS.Timeout | null = null;
    function deliver(): void {
      if (timer) return;
      const now = Date.now();
      while (queue.length && queue[0]!.at <= now) {
        const { chunk } = queue.shift()!;
        if (!dst.destroyed) dst.write(chunk);
      }
      if (queue.length) {
        const t = setTimeout(() => {
          timers.delete(t);
          timer = null;
          deliver();
        }, queue[0]!.at - now);
        timer = t;
        timers.add(t);
      } else if (ended && !dst.destroyed) dst.end();
    }
    src.on('data', (chunk: Buffer) => {
      count(chunk.length);
      if (bufferBytes && bps) {
        // The queue is full: stop reading until it drains (backpressure to the sender).
        const queued = ((Math.max(Date.now(), dir.busyUntil) - Date.now()) / 1000) * bps + chunk.length;
        if (queued > bufferBytes) {
          src.pause();
          const t = setTimeout(
            () => {
              timers.delete(t);
              if (!src.destroyed) src.resume();
            },
            ((queued - bufferBytes) / bps) * 1000,
          );
          timers.add(t);
        }
      }
      if (!latency && !bps && !queue.length) {
        if (!dst.destroyed) dst.write(chunk);
        return;
      }
      const now = Date.now();
      const start = Math.max(now, dir.busyUntil);
      dir.busyUntil = start + (bps ? (chunk.length / bps) * 1000 : 0);
      busyUntil = dir.busyUntil;
      queue.push({ at: busyUntil + latency, chunk });
      deliver();
    });
    src.on('end', () => {
      ended = true;
      deliver();
    });
    return () => busyUntil + latency;
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
    // One side closing (a `Connection: close` answer) ends the other once the bytes still on
    // the line have reached it: killing it at once would lose the answer the line still carries.
    const closeAfter = (flushedAt: () => number) => () => {
      const t = setTimeout(
        () => {
          timers.delete(t);
          kill();
        },
        Math.max(0, flushedAt() - Date.now()) + 5,
      );
      timers.add(t);
    };
    const toBackend = pipe(
      client,
      backend,
      (n) => {
        bytes.up += n;
        for (let i = cuts.length - 1; i >= 0; i--) {
          const c = cuts[i]!;
          if (bytes.up >= c.at) {
            cuts.splice(i, 1);
            // After this chunk is queued: the bytes up to here went into the link, then it drops.
            setImmediate(() => cut(c.downMs, c.done));
          }
        }
      },
      line.up,
    );
    const toClient = pipe(backend, client, (n) => (bytes.down += n), line.down);
    client.on('close', closeAfter(toBackend));
    backend.on('close', closeAfter(toClient));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  const link: Link = {
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
    dropEvery(schedule) {
      if (dropTimer) clearInterval(dropTimer);
      dropTimer = null;
      if (schedule) dropTimer = setInterval(() => cut(schedule.downMs), schedule.everyMs);
    },
    cutAtUpBytes(upBytes, downMs) {
      return new Promise<void>((done) => cuts.push({ at: upBytes, downMs, done }));
    },
    get drops() {
      return drops;
    },
    setShape(shape) {
      if (shape.latencyMs !== undefined) latency = shape.latencyMs;
      if (shape.bytesPerSecond !== undefined) bps = shape.bytesPerSecond;
    },
    bytes,
    close() {
      if (dropTimer) clearInterval(dropTimer);
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
  setUpFn = (next) => link.setUp(next);
  return link;
}
