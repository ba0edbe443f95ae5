import { readFileSync } from 'node:fs';
import { EXIT, type CliCommand, type CliContext } from '../types';

/** Name and version from package.json (read at run time, so a build cannot go stale). */
export function packageInfo(): { name: string; productName: string; version: string } {
  try {
    const raw = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
    const pkg = JSON.parse(raw) as { name?: string; productName?: string; version?: string };
    return {
      name: pkg.name ?? 'kiosk',
      productName: pkg.productName ?? pkg.name ?? 'kiosk',
      version: pkg.version ?? 'unknown',
    };
  } catch {
    return { name: 'kiosk', productName: 'kiosk', version: 'unknown' };
  }
}

export const versionCommand: CliCommand = {
  name: 'version',
  summary: 'Print the kiosk software version',
  usage: 'Usage: npm run kiosk -- version\n\nPrints the package name and version, and the Node.js version.',
  async run(_args: string[], ctx: CliContext): Promise<number> {
    const info = packageInfo();
    ctx.out(`${info.name} ${info.version} (${info.productName}); Node.js ${process.versions.node}`);
    return EXIT.ok;
  },
};
