import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const SANDBOX = join(ROOT, 'sandbox');
/** sandbox/ may import Node, npm packages, the contract's schemas (main/api), common/ and its own folders: nothing else of ours. */
const ALLOWED_OURS = [join(ROOT, 'main/api/schemas'), join(ROOT, 'main/api/queue'), join(ROOT, 'main/api/ratings'), join(ROOT, 'main/api/uploads')];
const COMMON = join(ROOT, 'common');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('sandbox import boundary', () => {
  it('imports only main/api/schemas, common/ and its own folders', () => {
    const offences: string[] = [];
    const all = files(SANDBOX);
    expect(all.length).toBeGreaterThan(5);
    for (const f of all) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = (m[1] ?? m[2])!;
        if (!spec.startsWith('.')) continue;
        const target = resolve(f, '..', spec);
        if (target.startsWith(SANDBOX + '/') || target.startsWith(COMMON + '/') || ALLOWED_OURS.includes(target)) continue;
        offences.push(`${relative(ROOT, f)} -> ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });
});
