/**
 * Loads the kiosk's configuration. Layers, each laid over the one before:
 *
 *   built-in defaults (schema.ts)
 *   <- profile (profiles.ts; chosen by `overrides.profile`, else the site file's `profile`,
 *      else env `KIOSK_PROFILE`, else `apartment`)
 *   <- site file (`options.file`, else env `KIOSK_CONFIG`; JSON, UTF-8, a BOM is allowed)
 *   <- environment (`KIOSK_BACKEND_URL`, `KIOSK_BACKEND_TOKEN`, `KIOSK_CHROMIUM`)
 *   <- overrides (from code, e.g. command-line flags)
 *
 * Plain objects merge deeply; arrays and everything else replace. The result is checked against
 * the schema and every problem is reported with its key path, the value found and what was
 * expected. `loadConfig` never throws.
 *
 * This folder imports zod and nothing else of ours (DESIGN.md import rules); node:fs and
 * node:path are allowed here for reading the site file.
 */
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { z } from 'zod';
import { profileConfig, profileTiles } from './profiles';
import { KioskConfig, ProfileName, type KioskConfigInput, type ResolvedKioskConfig } from './schema';
import { editDistance } from '../common/search/fold';

export interface ConfigError {
  /** Key path such as `backend.timeoutMs`; `""` for the whole document; a file path for file errors. */
  path: string;
  /** The value found (undefined when missing or for file errors). */
  value: unknown;
  /** What was expected, in English (`a number`, `one of "vi", "en"`). */
  expected: string;
  /** One complete English line, starting with the path. */
  message: string;
}

export type LoadResult = { ok: true; config: ResolvedKioskConfig; sources: string[] } | { ok: false; errors: ConfigError[] };

export interface LoadOptions {
  /** Site file; when absent, env `KIOSK_CONFIG`; when both absent, no site file. */
  file?: string | undefined;
  /** Environment to read `KIOSK_*` variables from; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** The top layer, e.g. from command-line flags. */
  overrides?: KioskConfigInput;
}

/** Environment variables and the key each one sets (they override the site file). */
export const ENV_KEYS: ReadonlyArray<{ name: string; path: readonly string[] }> = [
  { name: 'KIOSK_BACKEND_URL', path: ['backend', 'url'] },
  { name: 'KIOSK_BACKEND_TOKEN', path: ['backend', 'token'] },
  { name: 'KIOSK_CHROMIUM', path: ['shell', 'chromiumPath'] },
];

type Plain = Record<string, unknown>;

function isPlainObject(v: unknown): v is Plain {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Sets an own property, even one named `__proto__` (JSON.parse can produce those). */
function setOwn(target: Plain, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Deep merge of plain objects; arrays and other values in `over` replace; `undefined` is skipped. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Plain = {};
  for (const key of Object.keys(base)) setOwn(out, key, base[key]);
  for (const key of Object.keys(over)) {
    const v = over[key];
    if (v === undefined) continue;
    setOwn(out, key, Object.prototype.hasOwnProperty.call(base, key) ? deepMerge(base[key], v) : v);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Describing values and problems

/** `"abc" (string)`, `1.5 (number)`, `null`, `[1,2] (array)`. Long values are shortened. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (text.length > 60) text = `${text.slice(0, 57)}...`;
  const kind = Array.isArray(value) ? 'array' : typeof value;
  return `${text} (${kind})`;
}

function pathText(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

function shownPath(path: string): string {
  return path === '' ? '(top level)' : path;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, p)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  object: 'an object',
  array: 'an array',
  boolean: 'true or false',
};

function listValues(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_NAMES[issue.expected] ?? `a value of type ${issue.expected}`;
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return `text of at least ${n} character${n === 1 ? '' : 's'}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `a list of at least ${n} item${n === 1 ? '' : 's'}`;
      return `a number ${issue.inclusive ? '>=' : '>'} ${n}`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return `text of at most ${n} character${n === 1 ? '' : 's'}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `a list of at most ${n} item${n === 1 ? '' : 's'}`;
      return `a number ${issue.inclusive ? '<=' : '<'} ${n}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? listValues(issue.values) : `one of ${listValues(issue.values)}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'an http:// or https:// URL' : `a valid ${issue.format}`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

/** The known key closest to `key` (case-insensitive, at most 2 edits), if any. */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.min(2, Math.max(1, Math.floor(key.length / 3)));
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase(), limit);
    if (d < bestDistance && d <= limit) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** The keys the schema allows for the object at `path` (empty when not an object). */
function knownKeysAt(path: ReadonlyArray<PropertyKey>): string[] {
  let schema: unknown = KioskConfig;
  const unwrap = (s: unknown): unknown => {
    let cur = s;
    for (let i = 0; i < 10; i++) {
      const def = (cur as { def?: { type?: string; innerType?: unknown; in?: unknown } }).def;
      if (!def) return cur;
      if (def.type === 'default' || def.type === 'optional' || def.type === 'nullable' || def.type === 'prefault') cur = def.innerType;
      else if (def.type === 'pipe') cur = def.in;
      else return cur;
    }
    return cur;
  };
  schema = unwrap(schema);
  for (const p of path) {
    if (!(schema instanceof z.ZodObject)) return [];
    schema = unwrap((schema.shape as Record<string, unknown>)[String(p)]);
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Turns zod issues into config errors; `origin` names where a key path's value came from. */
function toConfigErrors(issues: readonly z.core.$ZodIssue[], input: unknown, origin: ReadonlyMap<string, string>): ConfigError[] {
  const out: ConfigError[] = [];
  const seen = new Set<string>();
  const from = (path: string) => {
    const o = origin.get(path);
    return o ? ` (from ${o})` : '';
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(issue.path);
      for (const key of issue.keys) {
        const path = pathText([...issue.path, key]);
        if (seen.has(path)) continue;
        seen.add(path);
        const suggestion = suggestKey(key, known);
        out.push({
          path,
          value: valueAt(input, [...issue.path, key]),
          expected: known.length ? `one of the known keys: ${known.join(', ')}` : 'no such key',
          message: `${path}: unknown key${suggestion ? ` (did you mean "${suggestion}"?)` : ''}${from(path)}`,
        });
      }
      continue;
    }
    const path = pathText(issue.path);
    if (seen.has(path)) continue; // one message per key is enough
    seen.add(path);
    const value = valueAt(input, issue.path);
    const expected = expectedOf(issue);
    const got = value === undefined ? 'nothing' : describeValue(value);
    let message: string;
    if (issue.code === 'custom') {
      message = `${shownPath(path)}: got ${got}, but ${issue.message}`;
      if (path === 'ui.idleWarningSeconds') {
        const timeout = valueAt(input, ['ui', 'idleTimeoutSeconds']);
        if (timeout !== undefined) message += ` (ui.idleTimeoutSeconds is ${describeValue(timeout)})`;
      }
    } else {
      message = `${shownPath(path)}: got ${got}, expected ${expected}`;
    }
    out.push({ path, value, expected, message: message + from(path) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading the site file

/** Offset of the first syntax error in `text`, or undefined if none is found. */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const stop = new Error('json syntax');
  const fail = (): never => {
    throw stop;
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const str = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail();
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === 'u') {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail();
      } else i++;
    }
  };
  const num = () => {
    const re = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const lit = (word: string) => {
    for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) fail();
  };
  const value = (depth: number): void => {
    if (depth > 5000) fail();
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail();
      }
    } else if (c === '"') str();
    else if (c === 't') lit('true');
    else if (c === 'f') lit('false');
    else if (c === 'n') lit('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) num();
    else fail();
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (e) {
    if (e === stop) return Math.min(i, text.length);
    return undefined; // e.g. stack overflow on absurd nesting: no position
  }
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function fileError(file: string, expected: string, message: string, value?: unknown): ConfigError {
  return { path: file, value, expected, message };
}

type FileRead = { ok: true; data: Plain } | { ok: false; error: ConfigError };

/** Reads and parses a site file; never throws. */
export function readSiteFile(file: string): FileRead {
  const shown = file;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be read (permission denied)'
            : `cannot be read (${code ?? (e instanceof Error ? e.message : String(e))})`;
    return { ok: false, error: fileError(file, 'a readable JSON file', `${shown}: ${why}`) };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, error: fileError(file, 'UTF-8 text', `${shown}: not valid UTF-8 text`) };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const offset = jsonErrorOffset(text);
    if (offset === undefined) {
      const detail = e instanceof Error ? e.message : String(e);
      return { ok: false, error: fileError(file, 'valid JSON', `${shown}: not valid JSON (${detail})`) };
    }
    const { line, column } = lineColumn(text, offset);
    const found = offset >= text.length ? 'end of file' : JSON.stringify(text[offset]);
    return {
      ok: false,
      error: fileError(file, 'valid JSON', `${shown}:${line}:${column}: not valid JSON: unexpected ${found} at line ${line}, column ${column}`),
    };
  }
  if (!isPlainObject(data)) {
    return {
      ok: false,
      error: fileError(file, 'a JSON object', `${shown}: got ${describeValue(data)}, expected a JSON object ({ ... }) at the top level`, data),
    };
  }
  return { ok: true, data };
}

// ---------------------------------------------------------------------------------------------
// Loading

function setPath(target: Plain, path: readonly string[], value: unknown): void {
  let cur = target;
  for (let k = 0; k < path.length - 1; k++) {
    const key = path[k]!;
    if (!isPlainObject(cur[key])) setOwn(cur, key, {});
    cur = cur[key] as Plain;
  }
  setOwn(cur, path[path.length - 1]!, value);
}

function internalError(e: unknown): LoadResult {
  const detail = e instanceof Error ? e.message : String(e);
  return {
    ok: false,
    errors: [{ path: '', value: undefined, expected: 'a loadable config', message: `config could not be loaded: ${detail}` }],
  };
}

/** Loads, merges and checks the kiosk's configuration. Never throws. */
export function loadConfig(options: LoadOptions = {}): LoadResult {
  try {
    return load(options);
  } catch (e) {
    return internalError(e);
  }
}

function load(options: LoadOptions): LoadResult {
  const env = options.env ?? process.env;
  const envValue = (name: string): string | undefined => {
    const v = env[name];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const sources: string[] = ['defaults'];
  const origin = new Map<string, string>();

  // Site file.
  const file = options.file ?? envValue('KIOSK_CONFIG');
  let fileData: Plain = {};
  if (file !== undefined) {
    const read = readSiteFile(file);
    if (!read.ok) return { ok: false, errors: [read.error] };
    fileData = read.data;
  }

  // Profile: overrides, else the site file, else the environment, else the default.
  const overrides: unknown = options.overrides;
  const fromOverrides = isPlainObject(overrides) ? overrides.profile : undefined;
  const fromFile = Object.prototype.hasOwnProperty.call(fileData, 'profile') ? fileData.profile : undefined;
  const fromEnv = envValue('KIOSK_PROFILE');
  const chosen: unknown = fromOverrides ?? fromFile ?? fromEnv ?? 'apartment';
  let profileLayer: Plain = {};
  const profile = ProfileName.safeParse(chosen);
  if (profile.success) {
    profileLayer = profileConfig(profile.data) as Plain;
    sources.push(`profile ${profile.data}`);
  } else if (fromOverrides === undefined && fromFile === undefined && fromEnv !== undefined) {
    profileLayer = { profile: fromEnv }; // let the schema report it
    origin.set('profile', 'env KIOSK_PROFILE');
  }

  if (file !== undefined) sources.push(`file ${resolvePath(file)}`);

  // Environment.
  const envLayer: Plain = {};
  for (const { name, path } of ENV_KEYS) {
    const v = envValue(name);
    if (v === undefined) continue;
    setPath(envLayer, path, v);
    origin.set(path.join('.'), `env ${name}`);
    sources.push(`env ${name}`);
  }

  if (overrides !== undefined) sources.push('overrides');

  const merged = [profileLayer, fileData, envLayer, overrides].reduce<unknown>((acc, layer) => deepMerge(acc, layer), {});
  const parsed = KioskConfig.safeParse(merged);
  if (!parsed.success) return { ok: false, errors: toConfigErrors(parsed.error.issues, merged, origin) };

  const config = parsed.data;
  const resolved: ResolvedKioskConfig = {
    ...config,
    ui: { ...config.ui, tiles: config.ui.tiles ?? profileTiles(config.profile) },
  };
  return { ok: true, config: resolved, sources };
}

/** Every error on its own line, in English, ready for a terminal or a log. */
export function formatConfigErrors(errors: readonly ConfigError[]): string {
  if (errors.length === 0) return 'No errors.';
  const head = errors.length === 1 ? '1 error in the kiosk config:' : `${errors.length} errors in the kiosk config:`;
  return [head, ...errors.map((e) => `  - ${e.message}`)].join('\n');
}

/** `embedded sandbox` or the backend URL, for summaries and the about screen. */
export function describeBackend(config: Pick<ResolvedKioskConfig, 'backend'>): string {
  return config.backend.url ? config.backend.url : 'embedded sandbox';
}

/** A copy of the config that is safe to print: the backend token is masked. */
export function redactConfig(config: ResolvedKioskConfig): ResolvedKioskConfig {
  const token = config.backend.token;
  // Long tokens keep their last 4 characters so a technician can tell two tokens apart.
  const masked = token.length >= 24 ? `********${token.slice(-4)}` : '********';
  return { ...config, backend: { ...config.backend, token: masked } };
}
