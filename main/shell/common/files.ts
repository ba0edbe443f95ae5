/**
 * Serving the built UI (dist/ui) to a shell without a TCP port: content types, the path check
 * that keeps every answer inside the UI folder, and the answer itself. Both shells use it: the
 * Chromium shell from request routing, the Electron shell from its `app://` protocol handler.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { uiSecurityHeaders, type UiSecurityOptions } from './csp';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
};

/** The content type of a file name; unknown extensions are opaque bytes (never sniffed). */
export function contentTypeFor(fileName: string): string {
  return CONTENT_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

function isInside(root: string, file: string): boolean {
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * The file a URL path names inside `root`, or undefined when the path is malformed or leaves
 * `root` (`..`, encoded slashes, NUL, backslashes). `/` and paths ending in `/` name index.html.
 * Pure: no file system access (symbolic links are checked by `answerUiRequest`).
 */
export function resolveUiPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return undefined;
  if (decoded.endsWith('/')) decoded += 'index.html';
  const base = resolve(root);
  const file = resolve(base, `.${decoded}`);
  if (!isInside(base, file) || file === base) return undefined;
  return file;
}

export interface UiResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function textResponse(status: number, text: string, security: UiSecurityOptions = {}): UiResponse {
  return {
    status,
    headers: { ...uiSecurityHeaders(security), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    body: Buffer.from(text, 'utf8'),
  };
}

/**
 * Answers one request for the UI: 200 with the file, 404 when it is missing or outside the UI
 * folder (a symbolic link that leads out counts as outside), 405 for anything but GET and HEAD.
 */
export async function answerUiRequest(uiDir: string, urlPath: string, method = 'GET', security: UiSecurityOptions = {}): Promise<UiResponse> {
  if (method !== 'GET' && method !== 'HEAD') return textResponse(405, 'Method not allowed', security);
  const file = resolveUiPath(uiDir, urlPath);
  if (!file) return textResponse(404, 'Not found', security);
  try {
    const [realRoot, realFile] = await Promise.all([realpath(resolve(uiDir)), realpath(file)]);
    if (!isInside(realRoot, realFile)) return textResponse(404, 'Not found', security);
    const info = await stat(realFile);
    if (!info.isFile()) return textResponse(404, 'Not found', security);
    const body = method === 'HEAD' ? Buffer.alloc(0) : await readFile(realFile);
    const isHtml = contentTypeFor(realFile).startsWith('text/html');
    return {
      status: 200,
      headers: {
        ...uiSecurityHeaders(security),
        'Content-Type': contentTypeFor(realFile),
        'Content-Length': String(method === 'HEAD' ? info.size : body.length),
        // The document is always fresh; hashed assets may be cached.
        'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
      },
      body,
    };
  } catch {
    return textResponse(404, 'Not found', security);
  }
}
