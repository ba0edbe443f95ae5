/**
 * `GET /api/v1/queue/events`: the queue's events table as Server-Sent Events (issue 13).
 *
 * Each event is `id: N`, `event: <type>`, `data: <QueueEvent JSON>`. A client resumes with
 * `Last-Event-ID` (header, or `?lastEventId=` for clients that cannot set headers) and gets every
 * later event, then live ones; without it, live events only. A comment line every
 * `heartbeatMs` (15 s) keeps proxies and dead-link detection honest. Writes by the server's own
 * handlers are flushed right after their transaction (`notify`); writes by another process on the
 * same database file (the CLI) are picked up by a one-second poll while a stream is open.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { QueueModel } from './model';

interface Stream {
  res: ServerResponse;
  lastId: number;
}

const POLL_MS = 1000;

export class QueueEventHub {
  private readonly streams = new Set<Stream>();
  private heartbeat: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private known = 0;
  private closed = false;

  constructor(
    private readonly model: QueueModel,
    private readonly heartbeatMs: number,
    private readonly log: (line: string) => void,
  ) {}

  /** Open streams (tests, the CLI). */
  get size(): number {
    return this.streams.size;
  }

  /** An event row was written: flush once the current transaction has finished. */
  notify(): void {
    if (this.closed || this.streams.size === 0 || this.immediate) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      this.flush();
    });
  }

  /** Starts a stream on `res` after event `lastId` (the current last event when null). */
  attach(req: IncomingMessage, res: ServerResponse, lastId: number | null): void {
    if (this.closed) {
      res.writeHead(503, { 'Retry-After': '1', 'Content-Length': '0' });
      res.end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write('retry: 2000\n: connected\n\n');
    const stream: Stream = { res, lastId: lastId ?? this.model.lastEventId() };
    this.streams.add(stream);
    const drop = () => {
      this.streams.delete(stream);
      if (this.streams.size === 0) this.stopTimers();
    };
    req.on('close', drop);
    res.on('close', drop);
    res.on('error', drop);
    this.startTimers();
    this.flushOne(stream);
  }

  private startTimers(): void {
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => {
        for (const s of this.streams) s.res.write(': heartbeat\n\n');
      }, this.heartbeatMs);
      this.heartbeat.unref();
    }
    if (!this.poll) {
      this.known = this.model.lastEventId();
      this.poll = setInterval(() => {
        try {
          const last = this.model.lastEventId();
          if (last > this.known) this.flush();
        } catch (err) {
          this.log(`queue events: poll failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }, POLL_MS);
      this.poll.unref();
    }
  }

  private stopTimers(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.poll) clearInterval(this.poll);
    this.heartbeat = undefined;
    this.poll = undefined;
  }

  private flush(): void {
    for (const s of this.streams) this.flushOne(s);
    try {
      this.known = this.model.lastEventId();
    } catch {
      // the database closed under us (server closing): nothing more to send
    }
  }

  private flushOne(s: Stream): void {
    try {
      for (;;) {
        const batch = this.model.eventsAfter(s.lastId);
        if (batch.length === 0) return;
        let text = '';
        for (const e of batch) text += `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
        s.lastId = batch[batch.length - 1]!.id;
        if (s.res.destroyed || s.res.writableEnded) return;
        s.res.write(text);
      }
    } catch (err) {
      this.log(`queue events: could not send: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Ends every stream (server close): clients see the end and reconnect elsewhere or stop. */
  close(): void {
    this.closed = true;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    this.stopTimers();
    for (const s of this.streams) s.res.end();
    this.streams.clear();
  }
}
