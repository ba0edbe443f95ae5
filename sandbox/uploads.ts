/**
 * Resumable uploads (issue 15 item 1): tus 1.0 at `/api/v1/uploads` with `@tus/server` and
 * `@tus/file-store`, behind the same bearer token as the rest of `/api/v1` (server.ts checks it
 * before handing the request here). Files live under the sandbox's data directory (beside the
 * SQLite file) or a temporary directory when the sandbox runs in memory; an upload is at most
 * `maxBytes`; an unfinished upload expires after `expiryMs` (swept every minute).
 *
 * A dossier references a completed upload (`{uploadId, name, mime, size, sha256}`): `resolve`
 * reads the upload's declared length and the bytes on disk synchronously (the dossier is created
 * inside a SQLite transaction) and says whether it is complete and what its SHA-256 is.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { EVENTS, Server } from '@tus/server';

export const UPLOADS_PATH = '/api/v1/uploads';

export interface UploadSettings {
  /** Largest upload accepted, bytes (default 20 MiB; tus answers 413 beyond). */
  maxBytes: number;
  /** An unfinished upload is removed this long after its creation (default 24 h). */
  expiryMs: number;
}

export const DEFAULT_UPLOAD_SETTINGS: UploadSettings = { maxBytes: 20 * 1024 * 1024, expiryMs: 24 * 3_600_000 };

export type Resolved =
  { state: 'complete'; size: number; sha256: string } | { state: 'incomplete'; size: number | null; offset: number } | { state: 'missing' };

export interface Uploads {
  readonly dir: string;
  readonly settings: UploadSettings;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  resolve(uploadId: string): Resolved;
  /**
   * Completed uploads, in order of completion (tests: the dossier never arrives before its files);
   * one completed by a request cut at its last byte, when a dossier first finds it complete.
   */
  completions(): { uploadId: string; at: number }[];
  /** Removes expired unfinished uploads now; answers how many. */
  sweep(): Promise<number>;
  close(): void;
}

const ID = /^[a-f0-9]{32}$/;

/**
 * FileStore without its own directory check: its constructor starts an asynchronous mkdir whose
 * callback throws, and a temporary directory removed at close while that mkdir was still queued
 * made it an uncaught ENOENT (one start-and-close in five). createUploads makes the directory
 * synchronously before the store exists. (The method is private in FileStore's types, so it is
 * replaced on the prototype rather than overridden.)
 */
class SandboxFileStore extends FileStore {}
Object.defineProperty(SandboxFileStore.prototype, 'checkOrCreateDirectory', { value: () => undefined });

export function createUploads(options: {
  dataDir?: string | undefined;
  settings?: Partial<UploadSettings> | undefined;
  log: (line: string) => void;
  now: () => Date;
}): Uploads {
  const settings = { ...DEFAULT_UPLOAD_SETTINGS, ...options.settings };
  const temp = options.dataDir === undefined;
  const dir = temp ? mkdtempSync(join(tmpdir(), 'sandbox-uploads-')) : join(options.dataDir!, 'uploads');
  mkdirSync(dir, { recursive: true });
  const store = new SandboxFileStore({ directory: dir, expirationPeriodInMilliseconds: settings.expiryMs });
  const done: { uploadId: string; at: number }[] = [];
  const tus = new Server({
    path: UPLOADS_PATH,
    datastore: store,
    maxSize: settings.maxBytes,
    relativeLocation: true,
    respectForwardedHeaders: false,
    // The default locker (a request waits up to 30 s for an upload's lock): a shorter wait let a
    // resumed PATCH write while the cut one still did, and the file came out corrupt (the
    // dossier's SHA-256 check refused it; found by test/integration/uploads-kiosk.test.ts).
    namingFunction: () => createHash('md5').update(`${Math.random()}${process.hrtime.bigint()}`).digest('hex'),
  });
  const finished = (uploadId: string) => {
    if (done.some((d) => d.uploadId === uploadId)) return;
    done.push({ uploadId, at: options.now().getTime() });
    if (done.length > 10_000) done.splice(0, done.length - 10_000);
  };
  // @tus/server tells of an upload finished by a request that ends well; one whose last bytes
  // were written by a request the link then cut is complete on disk without the event: resolve()
  // records it when a dossier references it (seen once in CI: the property test's cut landed there).
  tus.on(EVENTS.POST_FINISH, (_req, _res, upload) => {
    finished(upload.id);
  });
  const timer = setInterval(() => {
    store.deleteExpired().then(
      (n) => n && options.log(`uploads: ${n} expired unfinished upload(s) removed`),
      (err: unknown) => options.log(`uploads: sweeping expired uploads failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  }, 60_000);
  timer.unref();

  return {
    dir,
    settings,
    handle: (req, res) => tus.handle(req, res),
    resolve(uploadId) {
      if (!ID.test(uploadId)) return { state: 'missing' };
      let info: { size?: number; creation_date?: string };
      let offset: number;
      try {
        info = JSON.parse(readFileSync(join(dir, `${uploadId}.json`), 'utf8')) as { size?: number };
        offset = statSync(join(dir, uploadId)).size;
      } catch {
        return { state: 'missing' };
      }
      if (typeof info.creation_date === 'string' && Date.parse(info.creation_date) + settings.expiryMs < options.now().getTime() && info.size !== offset) {
        return { state: 'missing' };
      }
      if (typeof info.size !== 'number' || offset !== info.size) return { state: 'incomplete', size: info.size ?? null, offset };
      const sha256 = createHash('sha256')
        .update(readFileSync(join(dir, uploadId)))
        .digest('hex');
      finished(uploadId);
      return { state: 'complete', size: offset, sha256 };
    },
    completions: () => [...done],
    sweep: () => store.deleteExpired(),
    close() {
      clearInterval(timer);
      if (temp) rmSync(dir, { recursive: true, force: true });
    },
  };
}
