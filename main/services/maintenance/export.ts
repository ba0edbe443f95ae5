/**
 * Log export to a USB stick (maintenance mode, issue 14): the log files copied, masked once more
 * on the way (ID numbers are masked when written; this is the second line of defence), into a new
 * folder on a drive mounted under /media or /mnt, or a folder the config names
 * (`maintenance.exportDirs`). The free space is checked first; nothing is half-written silently:
 * a failure says what and removes the partial folder.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, statfsSync, statSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { vietnamTime } from '../../../common/vietnam-time';
import { logFiles } from '../../log-file';
import { maskPersonalData } from '../../log';

export interface ExportTarget {
  dir: string;
  freeBytes: number;
  /** A mounted drive (true), or a configured folder (false). */
  mounted: boolean;
}

export interface ExportDeps {
  /** Folders from the config (`maintenance.exportDirs`). */
  configured: string[];
  /** `/proc/self/mountinfo` by default. */
  mountInfo?: () => string;
  /** Free bytes of a folder; statfs by default. */
  freeBytes?: (dir: string) => number;
  roots?: string[];
}

/** Writable mount points from mountinfo text (field 5, with `\040`-style escapes undone; field 6 `ro` left out). */
export function mountPoints(mountinfo: string): string[] {
  const out: string[] = [];
  for (const line of mountinfo.split('\n')) {
    const f = line.split(' ');
    if (f.length < 6 || !f[4]) continue;
    if ((f[5] ?? '').split(',').includes('ro')) continue;
    out.push(f[4].replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8))));
  }
  return out;
}

const statfsFree = (dir: string): number => {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
};

/** Where logs can go now: drives mounted under the roots (/media, /mnt) and the configured folders that exist. */
export function exportTargets(deps: ExportDeps): ExportTarget[] {
  const free = deps.freeBytes ?? statfsFree;
  const roots = (deps.roots ?? ['/media', '/mnt']).map((r) => `${r.replace(/\/+$/, '')}/`);
  let mounts: string[] = [];
  try {
    mounts = mountPoints((deps.mountInfo ?? (() => readFileSync('/proc/self/mountinfo', 'utf8')))());
  } catch {
    mounts = [];
  }
  const seen = new Set<string>();
  const out: ExportTarget[] = [];
  const add = (dir: string, mounted: boolean) => {
    if (seen.has(dir)) return;
    try {
      if (!statSync(dir).isDirectory()) return;
      out.push({ dir, freeBytes: free(dir), mounted });
      seen.add(dir);
    } catch {
      /* gone or unreadable: not offered */
    }
  };
  for (const m of mounts) if (roots.some((r) => m.startsWith(r))) add(m, true);
  for (const c of deps.configured) add(resolve(c), false);
  return out;
}

export type ExportResult =
  | { ok: true; dir: string; files: number; bytes: number }
  | {
      ok: false;
      reason: 'not-a-target' | 'no-space' | 'no-logs' | 'write-failed';
      neededBytes?: number;
      freeBytes?: number;
      detail: string;
    };

/** Bytes the log files of `logDir` take. */
export function logBytes(logDir: string): number {
  return logFiles(logDir).reduce((n, f) => {
    try {
      return n + statSync(f).size;
    } catch {
      return n;
    }
  }, 0);
}

/**
 * Copies the masked logs of `logDir` into a new folder `kiosk-logs-<kioskId>-<yyyyMMdd-HHmmss>`
 * (Vietnam time) under `target`, which must be one of `exportTargets()`.
 */
export function exportLogs(target: string, logDir: string, kioskId: string, deps: ExportDeps, now = new Date()): ExportResult {
  const targets = exportTargets(deps);
  const t = targets.find((x) => x.dir === resolve(target));
  if (!t) return { ok: false, reason: 'not-a-target', detail: `${target} is not a mounted drive under /media or /mnt, nor a folder in maintenance.exportDirs` };
  const files = logFiles(logDir);
  if (files.length === 0) return { ok: false, reason: 'no-logs', detail: `no log files in ${logDir}` };
  // Room for the files and a margin (the stick's file system needs some for itself).
  const needed = logBytes(logDir) + 1024 * 1024;
  if (t.freeBytes < needed)
    return {
      ok: false,
      reason: 'no-space',
      neededBytes: needed,
      freeBytes: t.freeBytes,
      detail: `${t.dir} has ${t.freeBytes} bytes free; the logs need ${needed}`,
    };
  const v = vietnamTime(now);
  const p = (n: number) => String(n).padStart(2, '0');
  const safeId = kioskId.replace(/[^A-Za-z0-9_-]/g, '_');
  const base = join(t.dir, `kiosk-logs-${safeId}-${v.year}${p(v.month)}${p(v.day)}-${p(v.hour)}${p(v.minute)}${p(v.second)}`);
  let out = base;
  for (let i = 2; existsSync(out); i++) out = `${base}_${i}`;
  let bytes = 0;
  try {
    mkdirSync(out);
    for (const f of files) {
      const text = maskPersonalData(readFileSync(f, 'utf8'));
      const buf = Buffer.from(text, 'utf8');
      const fd = openSync(join(out, basename(f)), 'w', 0o644);
      try {
        let off = 0;
        while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
        // A stick is pulled out right after the message: the data must be on it by then.
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      bytes += buf.length;
    }
  } catch (err) {
    rmSync(out, { recursive: true, force: true });
    return { ok: false, reason: 'write-failed', detail: `cannot write to ${t.dir}: ${(err as Error).message}` };
  }
  return { ok: true, dir: out, files: files.length, bytes };
}
