/** Serving the UI to the shells: content types, the path check, and the answers. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answerUiRequest, contentTypeFor, resolveUiPath } from '../../main/shell/common/files';
import { UI_CSP } from '../../main/shell/common/csp';

const base = mkdtempSync(join(tmpdir(), 'shell-files-'));
const ui = join(base, 'ui');
mkdirSync(join(ui, 'assets'), { recursive: true });
writeFileSync(join(ui, 'index.html'), '<!doctype html><title>x</title>');
writeFileSync(join(ui, 'assets', 'app-1234.js'), 'console.log(1)');
writeFileSync(join(ui, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
writeFileSync(join(base, 'secret.txt'), 'secret');
symlinkSync(join(base, 'secret.txt'), join(ui, 'assets', 'leak.txt'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a/b/app-1234.js', 'text/javascript; charset=utf-8'],
    ['x.MJS', 'text/javascript; charset=utf-8'],
    ['style.css', 'text/css; charset=utf-8'],
    ['font.woff2', 'font/woff2'],
    ['logo.svg', 'image/svg+xml'],
    ['photo.JPG', 'image/jpeg'],
    ['data.json', 'application/json; charset=utf-8'],
    ['mod.wasm', 'application/wasm'],
    ['unknown.bin', 'application/octet-stream'],
    ['no-extension', 'application/octet-stream'],
  ])('%s -> %s', (name, type) => {
    expect(contentTypeFor(name)).toBe(type);
  });
});

describe('resolveUiPath', () => {
  it('maps URL paths inside the UI folder, / to index.html', () => {
    expect(resolveUiPath(ui, '/')).toBe(join(ui, 'index.html'));
    expect(resolveUiPath(ui, '/index.html')).toBe(join(ui, 'index.html'));
    expect(resolveUiPath(ui, '/assets/')).toBe(join(ui, 'assets', 'index.html'));
    expect(resolveUiPath(ui, '/assets/app-1234.js')).toBe(join(ui, 'assets', 'app-1234.js'));
    expect(resolveUiPath(ui, '/assets/a%20b.js')).toBe(join(ui, 'assets', 'a b.js'));
    expect(resolveUiPath(ui, '/assets/../index.html')).toBe(join(ui, 'index.html'));
  });

  it.each([
    '/../secret.txt',
    '/..%2Fsecret.txt',
    '/assets/..%2F..%2Fsecret.txt',
    '/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/assets\\..\\..\\secret.txt',
    '/index.html%00.png',
    '/%E0%A4%A', // malformed percent-encoding
    'relative/path',
    '/..',
  ])('refuses %s', (path) => {
    expect(resolveUiPath(ui, path)).toBeUndefined();
  });
});

describe('answerUiRequest', () => {
  it('answers a file with its content type and the security headers', async () => {
    const r = await answerUiRequest(ui, '/assets/app-1234.js');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe('console.log(1)');
    expect(r.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(r.headers['Content-Security-Policy']).toBe(UI_CSP);
  });

  it('answers index.html for / and never caches it', async () => {
    const r = await answerUiRequest(ui, '/');
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toContain('text/html');
    expect(r.headers['Cache-Control']).toBe('no-store');
  });

  it('404s a missing file, a directory, a traversal and a symbolic link leading out', async () => {
    for (const path of ['/nope.js', '/assets', '/../secret.txt', '/..%2Fsecret.txt', '/assets/leak.txt']) {
      const r = await answerUiRequest(ui, path);
      expect(r.status, path).toBe(404);
      expect(r.body.toString()).not.toContain('secret');
    }
  });

  it('allows GET and HEAD only', async () => {
    expect((await answerUiRequest(ui, '/index.html', 'POST')).status).toBe(405);
    const head = await answerUiRequest(ui, '/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['Content-Length'])).toBeGreaterThan(0);
  });
});

describe('camera permission', () => {
  it('is denied by the headers unless the scanner is the camera, and then only for our origin', async () => {
    const { uiSecurityHeaders } = await import('../../main/shell/common/csp');
    expect(uiSecurityHeaders()['Permissions-Policy']).toContain('camera=()');
    expect(uiSecurityHeaders({ camera: true })['Permissions-Policy']).toContain('camera=(self)');
    expect(uiSecurityHeaders({ camera: true })['Permissions-Policy']).toContain('microphone=()');
  });
});
