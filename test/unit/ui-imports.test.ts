/** The layer rule of DESIGN.md for ui/: Preact, its own folders, common/, and `import type` from the contract. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const uiRoot = fileURLToPath(new URL('../../ui/', import.meta.url));
const commonRoot = fileURLToPath(new URL('../../common/', import.meta.url));
const ALLOWED_PACKAGES = [/^preact(\/.*)?$/, /^@preact\/signals$/, /^@fontsource\/be-vietnam-pro\/[\w-]+\.css$/];
/** The camera's decoders (ui/camera/ only), as test/unit/layers.test.ts allows. */
const CAMERA_PACKAGES = [/^@zxing\/library$/, /^zxing-wasm(\/[\w./-]+(\?url)?)?$/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(n) && n !== 'vite.config.ts' ? [p] : [];
  });
}

describe('ui import rule', () => {
  it('imports only Preact, its own files, common/, and types from main/ipc/contract', () => {
    const problems: string[] = [];
    for (const f of files(uiRoot)) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?\bfrom\s+)?['"]([^'"]+)['"]/gm)) {
        const typeOnly = Boolean(m[2]);
        const spec = m[4]!;
        const rel = path.relative(uiRoot, f);
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(f), spec);
          if (target.startsWith(uiRoot) || target.startsWith(commonRoot)) continue;
          if (target === path.resolve(uiRoot, '../main/ipc/contract') && typeOnly) continue;
          problems.push(`${rel}: ${typeOnly ? 'type ' : ''}import of ${spec}`);
        } else if (rel.startsWith('camera/') && CAMERA_PACKAGES.some((re) => re.test(spec))) {
          continue;
        } else if (!ALLOWED_PACKAGES.some((re) => re.test(spec))) {
          problems.push(`${rel}: package ${spec}`);
        }
      }
      if (/\brequire\(|\bprocess\.|from ['"]node:/.test(src)) problems.push(`${path.relative(uiRoot, f)}: Node API`);
    }
    expect(problems).toEqual([]);
  });
});
