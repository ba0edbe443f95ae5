/**
 * Log files: structured JSON lines written by pino, rotated by size and by day with pino-roll,
 * under `logFiles.dir` (default `<dataDir>/logs`, files `kiosk.<yyyy-MM-dd>.<n>.log`). Every
 * message goes through the same masking (ID numbers) and control-character escaping as
 * main/log.ts before pino sees it, and the Logger interface is unchanged, so the rest of the code
 * does not know whether it logs to stderr, to files, or both (`teeLoggers`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import pinoRoll from 'pino-roll';
import { escapeControls, maskPersonalData, type Level, type Logger } from './log';

export interface FileLogger extends Logger {
  readonly dir: string;
  /** Writes what is buffered to the file (the stream is asynchronous). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface FileLoggerOptions {
  dir: string;
  level?: Level;
  maxSizeMb?: number;
  keep?: number;
}

function describeErr(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

export async function createFileLogger(options: FileLoggerOptions): Promise<FileLogger> {
  const dir = resolve(options.dir);
  const stream = await pinoRoll({
    file: join(dir, 'kiosk'),
    extension: '.log',
    frequency: 'daily',
    dateFormat: 'yyyy-MM-dd',
    size: `${options.maxSizeMb ?? 10}m`,
    mkdir: true,
    // Synchronous writes: an entry is in the file when the call returns (a crash loses nothing
    // logged before it); the kiosk logs a few lines a minute.
    sync: true,
    limit: { count: options.keep ?? 14 },
  });
  const p = pino(
    { level: options.level ?? 'info', base: null, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } },
    stream,
  );
  let closed = false;
  const emit = (level: Level, area: string, message: string, err?: unknown) => {
    if (closed) return; // a late line after close (a peer still shutting down) is dropped, not thrown
    const text = `${escapeControls(message)}${err === undefined ? '' : `: ${escapeControls(describeErr(err))}`}`;
    p[level]({ area: escapeControls(area) }, maskPersonalData(text));
  };
  const flush = () =>
    new Promise<void>((res) => {
      try {
        stream.flush((e?: Error) => {
          void e;
          res();
        });
      } catch {
        res();
      }
    });
  return {
    dir,
    debug: (a, m) => emit('debug', a, m),
    info: (a, m) => emit('info', a, m),
    warn: (a, m, e) => emit('warn', a, m, e),
    error: (a, m, e) => emit('error', a, m, e),
    flush,
    async close() {
      if (closed) return;
      await flush();
      closed = true;
      await new Promise<void>((res) => {
        stream.once('close', () => res());
        stream.end();
      });
    },
  };
}

/** Every entry to each logger (stderr text and the files). */
export function teeLoggers(...loggers: Logger[]): Logger {
  return {
    debug: (a, m) => loggers.forEach((l) => l.debug(a, m)),
    info: (a, m) => loggers.forEach((l) => l.info(a, m)),
    warn: (a, m, e) => loggers.forEach((l) => l.warn(a, m, e)),
    error: (a, m, e) => loggers.forEach((l) => l.error(a, m, e)),
  };
}

export interface LogRecord {
  time: string;
  level: Level;
  area: string;
  msg: string;
}

const LEVELS: Level[] = ['debug', 'info', 'warn', 'error'];

/** The log files of `dir`, oldest first. */
export function logFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^kiosk\..*\.log$/.test(n));
  } catch {
    return [];
  }
  return names.map((n) => join(dir, n)).sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs || a.localeCompare(b, 'en', { numeric: true }));
}

/**
 * The newest entries of the log files, filtered: at least `level`, and containing `text`
 * (case-insensitive) in the area or message. Newest last; at most `limit`.
 */
export function readLogs(dir: string, filter: { level?: Level; text?: string; limit?: number } = {}): LogRecord[] {
  const min = LEVELS.indexOf(filter.level ?? 'debug');
  const needle = filter.text?.toLowerCase();
  const limit = filter.limit ?? 200;
  const out: LogRecord[] = [];
  for (const file of logFiles(dir).reverse()) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      const line = lines[i]!;
      if (!line) continue;
      let r: Partial<LogRecord>;
      try {
        r = JSON.parse(line) as Partial<LogRecord>;
      } catch {
        continue;
      }
      if (typeof r.level !== 'string' || !LEVELS.includes(r.level as Level) || LEVELS.indexOf(r.level as Level) < min) continue;
      const rec: LogRecord = { time: String(r.time ?? ''), level: r.level as Level, area: String(r.area ?? ''), msg: String(r.msg ?? '') };
      if (needle && !`${rec.area} ${rec.msg}`.toLowerCase().includes(needle)) continue;
      out.push(rec);
    }
    if (out.length >= limit) break;
  }
  return out.reverse();
}
