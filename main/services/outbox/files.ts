/**
 * The outbox's attachment files on disk: written durably before their row commits, read back
 * (and checked against their SHA-256) for delivery, removed once the backend confirms, and
 * orphans swept at start.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../log';

export interface OutboxFiles {
  readonly dir: string;
  path(file: string): string;
  /** Writes and fsyncs a new file (never overwrites). */
  writeDurable(file: string, data: Buffer): void;
  /** Makes the new names durable (fsync of the directory). */
  syncDir(): void;
  /** The file's bytes, or an error text when unreadable or its checksum differs. */
  readChecked(file: string, sha256: string): { ok: true; content: Buffer } | { ok: false; reason: string };
  /** Removes files; a failure leaves them for the next start's sweep. */
  remove(files: Iterable<string>): void;
  /** Removes every file not in `known` (an enqueue that never committed, a crash after a confirm). */
  sweep(known: Set<string>): number;
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

export function createOutboxFiles(dir: string, log: Logger): OutboxFiles {
  mkdirSync(dir, { recursive: true });
  const path = (file: string) => join(dir, file);
  return {
    dir,
    path,
    writeDurable(file, data) {
      const fd = openSync(path(file), 'wx');
      try {
        let off = 0;
        while (off < data.length) off += writeSync(fd, data, off, data.length - off);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
    syncDir() {
      try {
        const fd = openSync(dir, 'r');
        try {
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      } catch {
        // some filesystems cannot fsync a directory; the file itself is synced
      }
    },
    readChecked(file, sha256) {
      let content: Buffer;
      try {
        content = readFileSync(path(file));
      } catch (err) {
        return { ok: false, reason: `attachment file ${file} unreadable: ${errorText(err)}` };
      }
      if (sha256Hex(content) !== sha256) return { ok: false, reason: `attachment file ${file} damaged (checksum differs)` };
      return { ok: true, content };
    },
    remove(files) {
      for (const f of files) {
        try {
          unlinkSync(path(f));
        } catch {
          // swept at next start
        }
      }
    },
    sweep(known) {
      let removed = 0;
      for (const name of readdirSync(dir)) {
        if (known.has(name)) continue;
        try {
          unlinkSync(path(name));
          removed++;
        } catch {
          // gone already
        }
      }
      if (removed) log.info('outbox', `removed ${removed} orphan attachment file(s)`);
      return removed;
    },
  };
}
