/**
 * Crash tests' child runner: starts a TypeScript child (through tsx) that prints one line per
 * step it made durable, hands each stdout line to `onLine`, and SIGKILLs the child 0..3 ms after
 * `onLine` first returns true (a random moment inside the next step). Resolves once the child died
 * of the SIGKILL; a child that ends by itself is an error, with the end of its stderr.
 */
import { spawn } from 'node:child_process';

export function runUntilKilled(file: string, args: string[], cwd: string, onLine: (line: string) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let stderr = '';
    let killing = false;
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      buf += c.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (onLine(line) && !killing) {
          killing = true;
          setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 4));
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself (code ${code}): ${stderr.slice(-2000)}`));
      else resolve();
    });
  });
}
