/**
 * A real X server for the e2e tests that must press keys as a USB keyboard does (through the X
 * server, so Chromium's own accelerators see them, not only the page) and look at the screen as
 * a person would: Xvfb on a free display, `xdotool` for keys and clicks, `xwininfo` for the
 * windows on screen, and the framebuffer read straight from Xvfb's `-fbdir` file (XWD format),
 * so no screenshot tool is needed.
 *
 * Needs Debian's xvfb, xdotool and x11-utils (`.ci/run` installs them). A missing tool is an
 * error that names the package, in CI and out of it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface XWindow {
  id: string;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An RGB frame: 3 bytes a pixel, row after row. */
export interface Frame {
  width: number;
  height: number;
  rgb: Uint8Array;
}

export interface XServer {
  display: string;
  /** Presses a key combination through the X server (xdotool syntax: `shift+Escape`, `ctrl+o`). */
  key(combo: string): Promise<void>;
  /** A real left click at screen coordinates. */
  click(x: number, y: number): Promise<void>;
  /** The top-level windows that are mapped and viewable, with their names. */
  viewableWindows(): Promise<XWindow[]>;
  /** Closes a window the way a window manager would (WM_DELETE_WINDOW). */
  closeWindow(id: string): Promise<void>;
  /** What is on the screen now, read from Xvfb's framebuffer. */
  frame(): Frame;
  stop(): Promise<void>;
}

const TOOLS: Array<[string, string]> = [
  ['/usr/bin/Xvfb', 'xvfb'],
  ['/usr/bin/xdotool', 'xdotool'],
  ['/usr/bin/xwininfo', 'x11-utils'],
];

/** Why the X server tests cannot run here, or undefined. */
export function xServerUnavailable(): string | undefined {
  const missing = TOOLS.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg);
  return missing.length ? `missing ${missing.join(', ')} (apt-get install ${missing.join(' ')})` : undefined;
}

/** Parses an XWD file (X11 window dump) of a 24/32-bit TrueColor screen into RGB. */
export function parseXwd(buf: Buffer): Frame {
  const u32 = (o: number) => buf.readUInt32BE(o);
  const headerSize = u32(0);
  const width = u32(16);
  const height = u32(20);
  const byteOrder = u32(28); // 0 LSBFirst, 1 MSBFirst
  const bitsPerPixel = u32(44);
  const bytesPerLine = u32(48);
  const [redMask, greenMask, blueMask] = [u32(56), u32(60), u32(64)];
  const ncolors = u32(76);
  if (bitsPerPixel !== 32) throw new Error(`XWD: ${bitsPerPixel} bits per pixel, expected 32`);
  const shift = (mask: number) => Math.log2(mask & -mask);
  const [rs, gs, bs] = [shift(redMask), shift(greenMask), shift(blueMask)];
  const data = headerSize + ncolors * 12;
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = data + y * bytesPerLine + x * 4;
      const px = byteOrder === 0 ? buf.readUInt32LE(o) : buf.readUInt32BE(o);
      const i = (y * width + x) * 3;
      rgb[i] = (px >>> rs) & 0xff;
      rgb[i + 1] = (px >>> gs) & 0xff;
      rgb[i + 2] = (px >>> bs) & 0xff;
    }
  }
  return { width, height, rgb };
}

/** Starts Xvfb on a free display (it picks the number itself with -displayfd). */
export async function startXServer(size: { width: number; height: number }): Promise<XServer> {
  const unavailable = xServerUnavailable();
  if (unavailable) throw new Error(`the X server tests need ${unavailable}`);
  const fbdir = mkdtempSync(join(tmpdir(), 'kiosk-xvfb-'));
  const child: ChildProcess = spawn(
    '/usr/bin/Xvfb',
    ['-displayfd', '3', '-screen', '0', `${size.width}x${size.height}x24`, '-fbdir', fbdir, '-nolisten', 'tcp', '-noreset'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not report its display in 15 s: ${stderr.slice(-500)}`)), 15_000);
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`:${m[1]}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}) before it was ready: ${stderr.slice(-500)}`));
    });
  });
  const env = { ...process.env, DISPLAY: display };
  const x = async (cmd: string, args: string[]) => (await run(cmd, args, { env, encoding: 'utf8' })).stdout;

  return {
    display,
    async key(combo) {
      await x('xdotool', ['key', '--clearmodifiers', combo]);
    },
    async click(cx, cy) {
      await x('xdotool', ['mousemove', String(cx), String(cy), 'click', '1']);
    },
    async viewableWindows() {
      const tree = await x('xwininfo', ['-root', '-children']);
      const ids = [...tree.matchAll(/^\s+(0x[0-9a-f]+)\s/gm)].map((m) => m[1] as string);
      const windows: XWindow[] = [];
      for (const id of ids) {
        let info: string;
        try {
          info = await x('xwininfo', ['-id', id]);
        } catch {
          continue; // closed meanwhile
        }
        if (!/Map State: IsViewable/.test(info)) continue;
        const num = (label: string) => Number(new RegExp(`${label}:\\s+(-?\\d+)`).exec(info)?.[1] ?? NaN);
        const name = /xwininfo: Window id: 0x[0-9a-f]+ (?:"(.*)"|\(has no name\))/.exec(info)?.[1] ?? '';
        windows.push({ id, name, x: num('Absolute upper-left X'), y: num('Absolute upper-left Y'), width: num('Width'), height: num('Height') });
      }
      return windows;
    },
    async closeWindow(id) {
      await x('xdotool', ['windowclose', id]).catch(() => {});
    },
    frame() {
      return parseXwd(readFileSync(join(fbdir, 'Xvfb_screen0')));
    },
    async stop() {
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(fbdir, { recursive: true, force: true });
    },
  };
}
