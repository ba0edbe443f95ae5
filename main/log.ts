/**
 * The kiosk's logger. One line per entry (`time level area message`), English, with personal
 * data masked before anything is written: 12-digit personal IDs and 9-digit legacy ID numbers
 * become `0010******45`; control characters are escaped, so one entry is one line. Callers should not log personal data at all; the mask is the net under
 * that rule, not a licence to break it.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(area: string, message: string): void;
  info(area: string, message: string): void;
  warn(area: string, message: string, err?: unknown): void;
  error(area: string, message: string, err?: unknown): void;
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Masks every run of 9 to 12 digits (ID numbers) keeping the first 4 and last 2 digits. */
export function maskPersonalData(text: string): string {
  return text.replace(/(?<!\d)(\d{4})(\d{3,6})(\d{2})(?!\d)/g, (_m, a: string, mid: string, b: string) => `${a}${'*'.repeat(mid.length)}${b}`);
}

/** Masks an ID number for display or print: `001099012345` -> `0010******45`. */
export function maskId(id: string): string {
  if (id.length <= 6) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 6)}${id.slice(-2)}`;
}

/** A name reduced to its initials for logs and technicians: "Nguyễn Thị Ánh" -> "N.T.Á." */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${Array.from(w)[0] ?? ''}.`)
    .join('');
}

/**
 * Control characters (C0, DEL, C1, and the Unicode line and paragraph separators) escaped as
 * `\n`, `\r`, `\t` or `\u{…}`: one entry is one line, whatever a message carries, so that no
 * text from the page, a device or the backend can forge a log line.
 */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u{${c.codePointAt(0)!.toString(16)}}`;
  });
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    // The stack's own lines (our code's frames, indented) stay lines; the message is escaped.
    const frames = err.stack
      ? err.stack
          .split('\n')
          .filter((l) => /^\s+at /.test(l))
          .slice(0, 5)
          .map((l) => `    ${escapeControls(l.trim())}`)
      : [];
    return `${escapeControls(`${err.name}: ${err.message}`)}${frames.length ? `\n${frames.join('\n')}` : ''}`;
  }
  return escapeControls(String(err));
}

export interface LoggerOptions {
  level?: Level;
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emit = (level: Level, area: string, message: string, err?: unknown) => {
    if (ORDER[level] < min) return;
    const text = `${escapeControls(message)}${err === undefined ? '' : `: ${describe(err)}`}`;
    write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${escapeControls(area)}] ${maskPersonalData(text)}`);
  };
  return {
    debug: (a, m) => emit('debug', a, m),
    info: (a, m) => emit('info', a, m),
    warn: (a, m, e) => emit('warn', a, m, e),
    error: (a, m, e) => emit('error', a, m, e),
  };
}

/** A logger that keeps its lines in memory, for tests. */
export function createMemoryLogger(level: Level = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ level, write: (l) => lines.push(l) }), { lines });
}
