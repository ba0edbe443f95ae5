/**
 * The import rules of DESIGN.md ("Who may import what"), checked on every .ts/.tsx file under
 * drivers/, kiosk-config/, main/, ui/ and sandbox/. Imports are read with the TypeScript parser:
 * `import ... from`, `import '...'`, `export ... from`, dynamic `import('...')`, and
 * `import('...')` types.
 *
 * | folder        | may import                                                              |
 * |---------------|-------------------------------------------------------------------------|
 * | common/       | zod and common/. Nothing else of ours, no Node built-ins, no other npm  |
 * |               | package (pure rules shared by every runtime; DOM use is not visible in  |
 * |               | imports and is left to review).                                         |
 * | drivers/      | Node, npm packages, drivers/, common/.                                  |
 * | kiosk-config/ | zod, node:fs, node:path, node:url, kiosk-config/, common/.              |
 * | main/         | Node, npm packages, drivers/, kiosk-config/, common/, main/,            |
 * |               | package.json. Never ui/. sandbox/ only through a dynamic import() (the  |
 * |               | embedded backend).                                                      |
 * | ui/           | preact, @preact/*, @fontsource/*, ui/, common/, and `import type` of    |
 * |               | main/ipc/contract. No Node, no Electron. ui/vite.config.ts is build     |
 * |               | tooling that runs in Node and is exempt.                                |
 * |               | ui/camera/ may also import @zxing/library and zxing-wasm (decoders).     |
 * | sandbox/      | Node, npm packages, main/api/schemas (+ queue, ratings: issue 13's contract; uploads: issue 15's), common/, sandbox/, package.json. |
 *
 * Two more checks keep common/ the one home of its rules: no file outside it declares a
 * top-level name that common/ exports, or spells out the dossier state labels (a copy of the
 * rule); and ui/ imports only the common/ modules that need no npm package (zod stays out of the
 * renderer bundle).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DOSSIER_STATE_LABELS_VI, OVERDUE_LABEL_VI } from '../../common/dossier-state';

/** The contract's schema files the sandbox serves (with the service center's of issue 13: queue, ratings; issue 15's uploads). */
const CONTRACT_SCHEMAS = ['main/api/schemas', 'main/api/queue', 'main/api/ratings', 'main/api/uploads'];

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LAYERS = ['common', 'drivers', 'kiosk-config', 'main', 'ui', 'sandbox'] as const;
type Layer = (typeof LAYERS)[number];

export interface ImportRef {
  specifier: string;
  /** `import type` / `export type` / `import('x').T` in a type position: erased at build time. */
  typeOnly: boolean;
  /** `import('x')` as an expression. */
  dynamic: boolean;
}

/** Every module specifier `source` imports or re-exports. */
export function parseImports(fileName: string, source: string): ImportRef[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const refs: ImportRef[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      refs.push({ specifier: node.moduleSpecifier.text, typeOnly: !!node.importClause?.isTypeOnly, dynamic: false });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      refs.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly, dynamic: false });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteral(e)) refs.push({ specifier: e.text, typeOnly: node.isTypeOnly, dynamic: false });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) refs.push({ specifier: arg.text, typeOnly: false, dynamic: true });
    } else if (ts.isImportTypeNode(node)) {
      const lit = node.argument;
      if (ts.isLiteralTypeNode(lit) && ts.isStringLiteral(lit.literal)) refs.push({ specifier: lit.literal.text, typeOnly: true, dynamic: false });
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) refs.push({ specifier: arg.text, typeOnly: false, dynamic: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

const NODE_BUILTINS = new Set(builtinModules);
function isNodeBuiltin(spec: string): boolean {
  return spec.startsWith('node:') || NODE_BUILTINS.has(spec) || NODE_BUILTINS.has(spec.split('/')[0]!);
}

/** What a specifier points at: one of our files (repo-relative, `/` separated) or a package. */
type Target = { kind: 'ours'; path: string; top: string } | { kind: 'node' } | { kind: 'package'; name: string };

function classify(fromFile: string, spec: string): Target {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const abs = resolve(ROOT, dirname(fromFile), spec);
    const path = relative(ROOT, abs).split(sep).join('/');
    const top = path.startsWith('..') ? '(outside the repo)' : path.includes('/') ? path.split('/')[0]! : '(root)';
    return { kind: 'ours', path, top };
  }
  if (isNodeBuiltin(spec)) return { kind: 'node' };
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return { kind: 'package', name };
}

const stripExt = (p: string) => p.replace(/\.(d\.ts|tsx?|jsx?|mjs|cjs)$/, '');

/** Why `ref` breaks the rules for a file in `layer`, or undefined when it is allowed. */
function rule(layer: Layer, file: string, ref: ImportRef): string | undefined {
  const t = classify(file, ref.specifier);
  switch (layer) {
    case 'common':
      if (t.kind === 'ours') return t.top === 'common' ? undefined : 'common/ imports nothing else of ours';
      if (t.kind === 'node') return 'common/ is pure: no Node built-ins';
      return t.name === 'zod' ? undefined : `common/ may import only zod from npm, not ${t.name}`;
    case 'drivers':
      if (t.kind === 'ours' && t.top !== 'drivers' && t.top !== 'common') return 'drivers/ imports nothing of ours but common/';
      if (t.kind === 'package' && t.name === 'electron') return 'drivers/ must not import electron';
      return undefined;
    case 'kiosk-config':
      if (t.kind === 'ours') return t.top === 'kiosk-config' || t.top === 'common' ? undefined : 'kiosk-config/ imports nothing of ours but common/';
      if (t.kind === 'node')
        return ['node:fs', 'node:path', 'node:url'].includes(ref.specifier)
          ? undefined
          : 'kiosk-config/ may use only node:fs, node:path and node:url from Node';
      return t.name === 'zod' ? undefined : 'kiosk-config/ may import only zod from npm';
    case 'main':
      if (t.kind !== 'ours') return undefined;
      if (['main', 'drivers', 'kiosk-config', 'common'].includes(t.top) || t.path === 'package.json') return undefined;
      if (t.top === 'sandbox') return ref.dynamic ? undefined : 'main/ may load sandbox/ only with a dynamic import() (the embedded backend)';
      if (t.top === 'ui') return 'main/ never imports ui/';
      return `main/ may not import ${t.top}/`;
    case 'ui': {
      if (file === 'ui/vite.config.ts') return undefined; // build tooling, runs in Node
      if (t.kind === 'node') return 'ui/ runs in the renderer: no Node';
      if (t.kind === 'package') {
        if (t.name === 'electron') return 'ui/ runs in the renderer: no Electron';
        if (t.name === 'preact' || t.name.startsWith('@preact/') || t.name.startsWith('@fontsource/')) return undefined;
        // The camera's frame decoders (issue 3) run in a Web Worker: only ui/camera/ may use them.
        if ((t.name === '@zxing/library' || t.name === 'zxing-wasm') && file.startsWith('ui/camera/')) return undefined;
        return `ui/ may import only preact (and fonts) from npm, not ${t.name}`;
      }
      if (t.top === 'ui' || t.top === 'common') return undefined;
      if (stripExt(t.path) === 'main/ipc/contract') return ref.typeOnly ? undefined : 'ui/ may import main/ipc/contract with `import type` only';
      return `ui/ may not import ${t.top === '(root)' ? t.path : `${t.top}/`}`;
    }
    case 'sandbox':
      if (t.kind !== 'ours') return t.kind === 'package' && t.name === 'electron' ? 'sandbox/ must not import electron' : undefined;
      if (t.top === 'sandbox' || t.top === 'common' || t.path === 'package.json' || CONTRACT_SCHEMAS.includes(stripExt(t.path))) return undefined;
      return `sandbox/ may import only the contract's schemas (${CONTRACT_SCHEMAS.join(', ')}) and common/ of ours, not ${t.path}`;
  }
}

export interface Violation {
  file: string;
  specifier: string;
  reason: string;
}

/** Checks one file's source; `file` is repo-relative with `/` separators. */
export function checkSource(file: string, source: string): Violation[] {
  const layer = LAYERS.find((l) => file.startsWith(`${l}/`));
  if (!layer) return [];
  const out: Violation[] = [];
  for (const ref of parseImports(file, source)) {
    const reason = rule(layer, file, ref);
    if (reason) out.push({ file, specifier: ref.specifier, reason });
  }
  return out;
}

export function formatViolation(v: Violation): string {
  return `${v.file}: imports ${v.specifier} (${v.reason})`;
}

/** Top-level names `source` declares (functions, classes, variables, types, interfaces, enums); only exported ones when asked. */
export function declaredNames(fileName: string, source: string, exportedOnly = false): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const names: string[] = [];
  for (const st of sf.statements) {
    const exported = ts.canHaveModifiers(st) && !!ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exportedOnly && !exported) continue;
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if (
      (ts.isFunctionDeclaration(st) ||
        ts.isClassDeclaration(st) ||
        ts.isInterfaceDeclaration(st) ||
        ts.isTypeAliasDeclaration(st) ||
        ts.isEnumDeclaration(st)) &&
      st.name
    ) {
      names.push(st.name.text);
    }
  }
  return names;
}

/**
 * Declarations outside common/ that may share a name with a common/ export, and why: they use the
 * common/ rule rather than copy it.
 */
const SAME_NAME_ALLOWED: Record<string, string> = {
  // The API contract's zod enum, built from common/dossier-state.ts's DOSSIER_STATES.
  'main/api/schemas.ts:DossierState': 'z.enum(DOSSIER_STATES)',
};

/**
 * A rule that moved to common/ and was written again elsewhere: a top-level declaration named like
 * a common/ export (`exports` maps each name to its common/ file), or one of `literals` (words
 * common/ owns, such as the dossier state labels) spelled out in a string.
 */
export function findCopies(file: string, source: string, exports: ReadonlyMap<string, string>, literals: readonly string[]): string[] {
  if (file.startsWith('common/')) return [];
  const out: string[] = [];
  for (const name of declaredNames(file, source)) {
    const home = exports.get(name);
    if (home && !SAME_NAME_ALLOWED[`${file}:${name}`]) out.push(`${file}: declares ${name}, which ${home} exports`);
  }
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node) || ts.isJsxText(node)) {
      const text = node.text.normalize('NFC');
      for (const word of literals) if (text.includes(word)) out.push(`${file}: spells out "${word}", which common/ holds`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function listSources(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(ROOT, dir));
  } catch {
    return []; // a folder that does not exist yet
  }
  const out: string[] = [];
  for (const name of entries) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const rel = `${dir}/${name}`;
    let isDir = false;
    try {
      isDir = statSync(join(ROOT, rel)).isDirectory();
    } catch {
      continue; // removed while we looked
    }
    if (isDir) out.push(...listSources(rel));
    else if (/\.tsx?$/.test(name)) out.push(rel);
  }
  return out;
}

describe('the scanner itself (so the real check can fail)', () => {
  it('reads every import form', () => {
    const refs = parseImports(
      'x.ts',
      `import a from './a';
       import type { B } from "./b";
       import { type C, d } from './c';
       import './side-effect';
       export * from './e';
       export type { F } from './f';
       export { g } from './g';
       const h = await import('./h');
       type I = import('./i').I;
       // import nope from './commented-out';
       const s = "import fake from './in-a-string'";`,
    );
    expect(refs.map((r) => `${r.specifier}${r.typeOnly ? ':type' : ''}${r.dynamic ? ':dynamic' : ''}`)).toEqual([
      './a',
      './b:type',
      './c',
      './side-effect',
      './e',
      './f:type',
      './g',
      './h:dynamic',
      './i:type',
    ]);
  });

  it('finds violations in an in-memory sample', () => {
    const ui = `
      import { h } from 'preact';
      import { signal } from '@preact/signals';
      import type { ChannelName } from '../../main/ipc/contract';
      import { channels } from '../../main/ipc/contract';
      export type { Dossier } from '../../main/ipc/contract';
      import { readFileSync } from 'node:fs';
      import { ipcRenderer } from 'electron';
      import { z } from 'zod';
      import { createLogger } from '../../main/log';
      import { Button } from './components/Button';
    `;
    expect(checkSource('ui/screens/Home.tsx', ui).map(formatViolation)).toEqual([
      'ui/screens/Home.tsx: imports ../../main/ipc/contract (ui/ may import main/ipc/contract with `import type` only)',
      'ui/screens/Home.tsx: imports node:fs (ui/ runs in the renderer: no Node)',
      'ui/screens/Home.tsx: imports electron (ui/ runs in the renderer: no Electron)',
      'ui/screens/Home.tsx: imports zod (ui/ may import only preact (and fonts) from npm, not zod)',
      'ui/screens/Home.tsx: imports ../../main/log (ui/ may not import main/)',
    ]);
    expect(
      checkSource('main/kiosk.ts', `import x from '../ui/app'; const s = await import('../sandbox/server'); import { y } from '../sandbox/seed';`).map(
        (v) => v.specifier,
      ),
    ).toEqual(['../ui/app', '../sandbox/seed']);
    expect(
      checkSource(
        'kiosk-config/loader.ts',
        `import { z } from 'zod'; import { readFileSync } from 'node:fs'; import os from 'node:os'; import { maskId } from '../main/log'; import yaml from 'yaml';`,
      ).map((v) => v.specifier),
    ).toEqual(['node:os', '../main/log', 'yaml']);
    expect(
      checkSource(
        'drivers/printer/escpos.ts',
        `import { SerialPort } from 'serialport'; import { createLogger } from '../../main/log'; import { x } from './status';`,
      ).map((v) => v.specifier),
    ).toEqual(['../../main/log']);
    expect(
      checkSource(
        'sandbox/server.ts',
        `import { Dossier } from '../main/api/schemas'; import { channels } from '../main/ipc/contract'; import pkg from '../package.json';`,
      ).map((v) => v.specifier),
    ).toEqual(['../main/ipc/contract']);
    expect(
      checkSource(
        'main/api/client.ts',
        `import { Dossier } from './schemas'; import { x } from '../../drivers/scanner'; import type { C } from '../../kiosk-config/schema';`,
      ),
    ).toEqual([]);
  });

  it('keeps common/ pure and lets every layer import it', () => {
    const common = `
      import { z } from 'zod';
      import { vnDate } from './vietnam-time';
      import { readFileSync } from 'node:fs';
      import { EventEmitter } from 'events';
      import { h } from 'preact';
      import { Dossier } from '../main/api/schemas';
      import type { Language } from '../main/ipc/contract';
      const late = await import('../drivers/printer/layout');
    `;
    expect(checkSource('common/money.ts', common).map(formatViolation)).toEqual([
      'common/money.ts: imports node:fs (common/ is pure: no Node built-ins)',
      'common/money.ts: imports events (common/ is pure: no Node built-ins)',
      'common/money.ts: imports preact (common/ may import only zod from npm, not preact)',
      'common/money.ts: imports ../main/api/schemas (common/ imports nothing else of ours)',
      'common/money.ts: imports ../main/ipc/contract (common/ imports nothing else of ours)',
      'common/money.ts: imports ../drivers/printer/layout (common/ imports nothing else of ours)',
    ]);
    const user = (depth: number) => `import { formatMoney } from '${'../'.repeat(depth)}common/money';`;
    expect(checkSource('drivers/printer/device.ts', user(2))).toEqual([]);
    expect(checkSource('kiosk-config/schema.ts', user(1))).toEqual([]);
    expect(checkSource('main/services/printing/templates.ts', user(3))).toEqual([]);
    expect(checkSource('ui/screens/Home.tsx', user(2))).toEqual([]);
    expect(checkSource('sandbox/seed/dossiers.ts', user(2))).toEqual([]);
  });

  it('finds a copy of a common/ rule outside common/', () => {
    const exports = new Map([
      ['normalizeDossierCode', 'common/dossier-code.ts'],
      ['DossierState', 'common/dossier-state.ts'],
    ]);
    const ui = `
      import { normalizeDossierCode } from '../../common/dossier-code';
      export function normalizeDossierCode(s: string) { return s; }
      const label = { processing: 'Đang xử lý' };
      const banner = \`\${x} - Quá hạn\`;
      // 'Đang xử lý' in a comment is fine
      const normalized = normalizeDossierCode('a');
    `;
    expect(findCopies('ui/state/lookup.ts', ui, exports, ['Đang xử lý', 'Quá hạn'])).toEqual([
      'ui/state/lookup.ts: declares normalizeDossierCode, which common/dossier-code.ts exports',
      'ui/state/lookup.ts: spells out "Đang xử lý", which common/ holds',
      'ui/state/lookup.ts: spells out "Quá hạn", which common/ holds',
    ]);
    expect(findCopies('main/api/schemas.ts', 'export const DossierState = z.enum(DOSSIER_STATES);', exports, [])).toEqual([]);
    expect(findCopies('sandbox/x.ts', 'export type DossierState = string;', exports, [])).toEqual([
      'sandbox/x.ts: declares DossierState, which common/dossier-state.ts exports',
    ]);
    expect(findCopies('common/dossier-state.ts', "export type DossierState = 'received'; const l = 'Đang xử lý';", exports, ['Đang xử lý'])).toEqual([]);
  });
});

describe('DESIGN.md import rules hold in the repository', () => {
  const files = LAYERS.flatMap((l) => listSources(l));

  it('every source file follows the rules', () => {
    const violations: string[] = [];
    for (const file of files) {
      let source: string;
      try {
        source = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        continue; // removed while we looked
      }
      violations.push(...checkSource(file, source).map(formatViolation));
    }
    expect(violations, `import rule violations:\n${violations.join('\n')}`).toEqual([]);
  });

  it('nothing outside common/ defines its own copy of what common/ holds', () => {
    const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
    const exports = new Map<string, string>();
    for (const file of files.filter((f) => f.startsWith('common/'))) {
      for (const name of declaredNames(file, read(file), true)) exports.set(name, file);
    }
    expect(exports.get('normalizeDossierCode')).toBe('common/dossier-code.ts');
    const literals = [...Object.values(DOSSIER_STATE_LABELS_VI), OVERDUE_LABEL_VI];
    const copies = files.flatMap((file) => findCopies(file, read(file), exports, literals));
    expect(copies, `copies of common/ rules:\n${copies.join('\n')}`).toEqual([]);
  });

  it('the UI bundles only the common/ modules that need no npm package', () => {
    // common/ may use zod (DESIGN.md), but the renderer must not grow a copy of it through common/.
    const commonRefs = new Map<string, ImportRef[]>();
    for (const file of files.filter((f) => f.startsWith('common/'))) {
      commonRefs.set(stripExt(file), parseImports(file, readFileSync(join(ROOT, file), 'utf8')));
    }
    const packagesOf = (module: string, seen = new Set<string>()): string[] => {
      if (seen.has(module)) return [];
      seen.add(module);
      return (commonRefs.get(module) ?? []).flatMap((ref) => {
        if (ref.typeOnly) return [];
        const t = classify(`${module}.ts`, ref.specifier);
        if (t.kind === 'package') return [t.name];
        return t.kind === 'ours' ? packagesOf(stripExt(t.path), seen) : [];
      });
    };
    const problems: string[] = [];
    for (const file of files.filter((f) => f.startsWith('ui/') && f !== 'ui/vite.config.ts')) {
      for (const ref of parseImports(file, readFileSync(join(ROOT, file), 'utf8'))) {
        const t = classify(file, ref.specifier);
        if (ref.typeOnly || t.kind !== 'ours' || t.top !== 'common') continue;
        const packages = packagesOf(stripExt(t.path));
        if (packages.length > 0) problems.push(`${file}: imports ${ref.specifier}, which pulls ${[...new Set(packages)].join(', ')} into the renderer`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('scans the files that exist', () => {
    // The scaffold's own files are there, so an empty list means the scanner lost its way.
    expect(files).toContain('kiosk-config/schema.ts');
    expect(files).toContain('main/ipc/contract.ts');
    expect(files).toContain('common/dossier-code.ts');
  });
});
