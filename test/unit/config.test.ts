import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  deepMerge,
  formatConfigErrors,
  jsonErrorOffset,
  loadConfig,
  redactConfig,
  suggestKey,
  type ConfigError,
  type LoadResult,
} from '../../kiosk-config/loader';
import { PROFILES, profileTiles } from '../../kiosk-config/profiles';
import { KioskConfig, readingIdleTimeout } from '../../kiosk-config/schema';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-config-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function siteFile(content: string | Buffer): string {
  const file = join(dir, `site-${++n}.json`);
  writeFileSync(file, content);
  return file;
}
const json = (v: unknown) => siteFile(JSON.stringify(v, null, 2));

function ok(r: LoadResult) {
  if (!r.ok) throw new Error(`expected a valid config, got:\n${formatConfigErrors(r.errors)}`);
  return r;
}
function errors(r: LoadResult): ConfigError[] {
  if (r.ok) throw new Error('expected errors, got a valid config');
  return r.errors;
}

describe('defaults and profiles', () => {
  it('an empty config is valid and is the apartment demo kiosk', () => {
    const r = ok(loadConfig({ env: {} }));
    expect(r.config.profile).toBe('apartment');
    expect(r.config.kioskId).toBe('KIOSK-DEMO-01');
    expect(r.config.backend.url).toBeUndefined();
    expect(r.config.ui.idleTimeoutSeconds).toBe(90);
    expect(r.sources).toEqual(['defaults', 'profile apartment']);
    // The resolved config is also a valid KioskConfig.
    expect(KioskConfig.safeParse(r.config).success).toBe(true);
  });

  it('the schema defaults alone are valid', () => {
    expect(KioskConfig.safeParse({}).success).toBe(true);
  });

  it('apartment tiles and idle timeout', () => {
    const r = ok(loadConfig({ env: {}, overrides: { profile: 'apartment' } }));
    expect(r.config.ui.tiles).toEqual(['lookup', 'procedures', 'submit', 'payment', 'announcements']);
    expect(profileTiles('apartment')).toEqual(r.config.ui.tiles);
    expect(r.config.ui.idleTimeoutSeconds).toBe(90);
  });

  it('service-center tiles, idle timeout and site name', () => {
    const r = ok(loadConfig({ file: json({ profile: 'service-center' }), env: {} }));
    expect(r.config.ui.tiles).toEqual(['queue', 'lookup', 'procedures', 'submit', 'payment', 'rating', 'announcements']);
    expect(r.config.ui.idleTimeoutSeconds).toBe(120);
    expect(r.config.siteName).toBe('Trung tâm Phục vụ hành chính công');
  });

  it('every profile is itself a valid partial config', () => {
    for (const [name, partial] of Object.entries(PROFILES)) {
      const parsed = KioskConfig.safeParse(partial);
      expect(parsed.success, name).toBe(true);
    }
  });

  it('profileTiles returns a fresh array', () => {
    const a = profileTiles('apartment');
    a.push('queue');
    expect(profileTiles('apartment')).not.toContain('queue');
  });
});

describe('layers', () => {
  it('the site file overrides the profile', () => {
    const file = json({
      profile: 'service-center',
      siteName: 'Trung tâm Phục vụ hành chính công tỉnh Lào Cai',
      kioskId: 'LC-TTHCC-03',
      ui: { idleTimeoutSeconds: 120 },
    });
    const r = ok(loadConfig({ file, env: {} }));
    expect(r.config.siteName).toBe('Trung tâm Phục vụ hành chính công tỉnh Lào Cai');
    expect(r.config.ui.idleTimeoutSeconds).toBe(120);
    // Deep merge: keys the file did not set keep the profile's values.
    expect(r.config.ui.tiles[0]).toBe('queue');
    expect(r.config.ui.idleWarningSeconds).toBe(30);
    expect(r.sources).toEqual(['defaults', 'profile service-center', `file ${file}`]);
  });

  it('arrays replace, they do not merge', () => {
    const file = json({ profile: 'service-center', ui: { tiles: ['lookup'] } });
    const r = ok(loadConfig({ file, env: {} }));
    expect(r.config.ui.tiles).toEqual(['lookup']);
    expect(deepMerge({ a: [1, 2, 3], b: { c: 1 } }, { a: [9], b: { d: 2 } })).toEqual({ a: [9], b: { c: 1, d: 2 } });
  });

  it('env KIOSK_CONFIG names the file when options.file is absent', () => {
    const file = json({ kioskId: 'FROM-ENV-FILE' });
    const r = ok(loadConfig({ env: { KIOSK_CONFIG: file } }));
    expect(r.config.kioskId).toBe('FROM-ENV-FILE');
    const other = json({ kioskId: 'FROM-OPTION' });
    expect(ok(loadConfig({ file: other, env: { KIOSK_CONFIG: file } })).config.kioskId).toBe('FROM-OPTION');
  });

  it('env KIOSK_PROFILE picks the profile when the file does not', () => {
    expect(ok(loadConfig({ env: { KIOSK_PROFILE: 'service-center' } })).config.ui.idleTimeoutSeconds).toBe(120);
    const file = json({ profile: 'apartment' });
    expect(ok(loadConfig({ file, env: { KIOSK_PROFILE: 'service-center' } })).config.profile).toBe('apartment');
  });

  it('a bad KIOSK_PROFILE is reported with its origin', () => {
    const [e, ...rest] = errors(loadConfig({ env: { KIOSK_PROFILE: 'hospital' } }));
    expect(rest).toEqual([]);
    expect(e!.path).toBe('profile');
    expect(e!.value).toBe('hospital');
    expect(e!.message).toContain('"apartment"');
    expect(e!.message).toContain('KIOSK_PROFILE');
  });

  it('env overrides the file for backend and chromium path', () => {
    const file = json({ backend: { url: 'https://file.example.vn/api', token: 'file-token-123' }, shell: { chromiumPath: '/file/chromium' } });
    const r = ok(
      loadConfig({
        file,
        env: {
          KIOSK_BACKEND_URL: 'https://dvc.example.gov.vn/api',
          KIOSK_BACKEND_TOKEN: 'env-token-456',
          KIOSK_CHROMIUM: '/usr/bin/chromium',
        },
      }),
    );
    expect(r.config.backend.url).toBe('https://dvc.example.gov.vn/api');
    expect(r.config.backend.token).toBe('env-token-456');
    expect(r.config.shell.chromiumPath).toBe('/usr/bin/chromium');
    expect(r.sources).toContain('env KIOSK_BACKEND_URL');
  });

  it('empty env variables are ignored', () => {
    const r = ok(loadConfig({ env: { KIOSK_BACKEND_URL: '', KIOSK_CONFIG: '' } }));
    expect(r.config.backend.url).toBeUndefined();
  });

  it('overrides win over everything', () => {
    const file = json({ kioskId: 'FILE', profile: 'apartment' });
    const r = ok(
      loadConfig({
        file,
        env: { KIOSK_BACKEND_URL: 'https://a.vn' },
        overrides: { kioskId: 'OVR', profile: 'service-center', backend: { url: 'https://b.vn' } },
      }),
    );
    expect(r.config.kioskId).toBe('OVR');
    expect(r.config.profile).toBe('service-center');
    expect(r.config.ui.tiles[0]).toBe('queue');
    expect(r.config.backend.url).toBe('https://b.vn');
  });

  it('a UTF-8 BOM at the start of the file is accepted', () => {
    const file = siteFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"siteName": "Chung cư Hoàng Anh"}', 'utf8')]));
    expect(ok(loadConfig({ file, env: {} })).config.siteName).toBe('Chung cư Hoàng Anh');
  });
});

describe('errors', () => {
  it('a wrong type names the path, the value found and what was expected', () => {
    const es = errors(loadConfig({ file: json({ backend: { timeoutMs: 'abc' } }), env: {} }));
    expect(es).toHaveLength(1);
    expect(es[0]).toMatchObject({ path: 'backend.timeoutMs', value: 'abc', expected: 'a number' });
    expect(es[0]!.message).toBe('backend.timeoutMs: got "abc" (string), expected a number');
  });

  it('range, enum and array-element errors are explained', () => {
    const es = errors(loadConfig({ file: json({ backend: { timeoutMs: 5 }, language: 'fr', ui: { tiles: ['lookup', 'cinema'] } }), env: {} }));
    const by = Object.fromEntries(es.map((e) => [e.path, e]));
    expect(by['backend.timeoutMs']!.expected).toBe('a number >= 500');
    expect(by['language']!.message).toBe('language: got "fr" (string), expected one of "vi", "en"');
    expect(by['ui.tiles[1]']!.value).toBe('cinema');
  });

  it('reports every error, not just the first', () => {
    const es = errors(loadConfig({ file: json({ kioskId: 7, hotline: '', shell: { width: 'wide' } }), env: {} }));
    expect(es.map((e) => e.path).sort()).toEqual(['hotline', 'kioskId', 'shell.width']);
  });

  it('unknown keys are errors, with a suggestion', () => {
    const es = errors(loadConfig({ file: json({ shel: { kind: 'chromium' }, backend: { timeout: 1000 }, zzzzzz: 1 }), env: {} }));
    const by = Object.fromEntries(es.map((e) => [e.path, e]));
    expect(by['shel']!.message).toBe('shel: unknown key (did you mean "shell"?)');
    expect(by['backend.timeout']!.message).toContain('did you mean "timeoutMs"?');
    expect(by['zzzzzz']!.message).toBe('zzzzzz: unknown key');
    expect(by['zzzzzz']!.expected).toContain('kioskId');
  });

  it('suggestKey finds close keys only', () => {
    expect(suggestKey('kioskid', ['kioskId', 'siteName'])).toBe('kioskId');
    expect(suggestKey('languge', ['language'])).toBe('language');
    expect(suggestKey('x', ['kioskId'])).toBeUndefined();
  });

  it('idleWarningSeconds >= idleTimeoutSeconds is refused', () => {
    const es = errors(loadConfig({ file: json({ ui: { idleTimeoutSeconds: 30, idleWarningSeconds: 30 } }), env: {} }));
    expect(es).toHaveLength(1);
    expect(es[0]!.path).toBe('ui.idleWarningSeconds');
    expect(es[0]!.message).toContain('less than idleTimeoutSeconds');
    expect(es[0]!.message).toContain('30');
    // One less is fine.
    ok(loadConfig({ file: json({ ui: { idleTimeoutSeconds: 30, idleWarningSeconds: 29 } }), env: {} }));
  });

  it('the idle warning gives at least 20 s to answer (WCAG 2.2.1), 30 s by default', () => {
    expect(ok(loadConfig({ env: {} })).config.ui.idleWarningSeconds).toBe(30);
    const es = errors(loadConfig({ file: json({ ui: { idleWarningSeconds: 10 } }), env: {} }));
    expect(es.map((e) => e.path)).toEqual(['ui.idleWarningSeconds']);
  });

  it("reading screens wait longer: three times the idle timeout by default, or the site's value, never less than the normal one", () => {
    expect(readingIdleTimeout(ok(loadConfig({ env: {} })).config.ui)).toBe(270);
    expect(readingIdleTimeout(ok(loadConfig({ env: { KIOSK_PROFILE: 'service-center' } })).config.ui)).toBe(360);
    expect(readingIdleTimeout(ok(loadConfig({ file: json({ ui: { readingIdleTimeoutSeconds: 600 } }), env: {} })).config.ui)).toBe(600);
    const es = errors(loadConfig({ file: json({ ui: { idleTimeoutSeconds: 120, readingIdleTimeoutSeconds: 60 } }), env: {} }));
    expect(es.map((e) => e.path)).toEqual(['ui.readingIdleTimeoutSeconds']);
    expect(es[0]!.message).toContain('at least idleTimeoutSeconds');
  });

  it('a bad env value says which variable set it', () => {
    const es = errors(loadConfig({ env: { KIOSK_BACKEND_URL: 'dvc.example.vn' } }));
    expect(es[0]!.path).toBe('backend.url');
    expect(es[0]!.message).toContain('KIOSK_BACKEND_URL');
    expect(es[0]!.message).toContain('"dvc.example.vn"');
  });

  it('invalid JSON gives one error with the file, line and column', () => {
    const file = siteFile('{\n  "kioskId": "A",\n  "backend": { "timeoutMs": 8000, }\n}\n');
    const es = errors(loadConfig({ file, env: {} }));
    expect(es).toHaveLength(1);
    expect(es[0]!.path).toBe(file);
    expect(es[0]!.message).toContain(`${file}:3:35`);
    expect(es[0]!.message).toContain('line 3, column 35');
  });

  it('JSON errors at the end of the file and in strings have positions', () => {
    expect(jsonErrorOffset('{"a": 1')).toBe(7);
    expect(jsonErrorOffset('{"a": "x\ny"}')).toBe(8);
    expect(jsonErrorOffset('{"a": tru}')).toBe(9);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('{"a": [1, 2, {"b": null}], "c": -1.5e3, "d": "\\u00e9"}')).toBeUndefined();
  });

  it('a missing file gives one error naming the file', () => {
    const file = join(dir, 'does-not-exist.json');
    const es = errors(loadConfig({ file, env: {} }));
    expect(es).toHaveLength(1);
    expect(es[0]!.message).toBe(`${file}: file not found`);
  });

  it('a folder, non-UTF-8 bytes or a non-object top level are single errors', () => {
    expect(errors(loadConfig({ file: dir, env: {} }))[0]!.message).toContain('is a folder');
    expect(errors(loadConfig({ file: siteFile(Buffer.from([0x7b, 0xff, 0x7d])), env: {} }))[0]!.message).toContain('UTF-8');
    const es = errors(loadConfig({ file: siteFile('[1, 2]'), env: {} }));
    expect(es).toHaveLength(1);
    expect(es[0]!.message).toContain('expected a JSON object');
  });

  it('formatConfigErrors lists every message on its own line', () => {
    const text = formatConfigErrors(errors(loadConfig({ file: json({ kioskId: 7, shel: 1 }), env: {} })));
    expect(text.split('\n')).toEqual([
      '2 errors in the kiosk config:',
      '  - kioskId: got 7 (number), expected a string',
      '  - shel: unknown key (did you mean "shell"?)',
    ]);
  });

  it('a "__proto__" key is an unknown key, not a prototype change', () => {
    const es = errors(loadConfig({ file: siteFile('{"__proto__": {"devTools": true}, "shell": {"__proto__": {"x": 1}}}'), env: {} }));
    expect(es.map((e) => e.path).sort()).toEqual(['__proto__', 'shell.__proto__']);
    expect(({} as Record<string, unknown>).devTools).toBeUndefined();
  });
});

describe('redaction', () => {
  it('redactConfig masks the backend token', () => {
    const r = ok(loadConfig({ env: { KIOSK_BACKEND_TOKEN: 'secret-token-0123456789-abcd' } }));
    const shown = redactConfig(r.config);
    expect(JSON.stringify(shown)).not.toContain('secret-token');
    expect(shown.backend.token).toBe('********abcd');
    expect(r.config.backend.token).toBe('secret-token-0123456789-abcd');
  });
});

describe('robustness', () => {
  it('loadConfig never throws, whatever the site file holds', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const file = join(dir, 'fuzz.json');
        writeFileSync(file, JSON.stringify(value) ?? 'null');
        const r = loadConfig({ file, env: {} });
        if (!r.ok) {
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) expect(typeof e.message).toBe('string');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('loadConfig never throws for random overrides and env', () => {
    const keyish = fc.constantFrom('backend', 'ui', 'shell', 'tiles', 'profile', 'url', 'timeoutMs', '__proto__', 'x');
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), fc.dictionary(keyish, tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(tree, fc.dictionary(fc.constantFrom('KIOSK_PROFILE', 'KIOSK_BACKEND_URL', 'KIOSK_CHROMIUM'), fc.string()), (overrides, env) => {
        const r = loadConfig({ overrides: overrides as never, env });
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('random text as a site file gives errors, not exceptions', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const file = join(dir, 'fuzz.txt');
        writeFileSync(file, text);
        const r = loadConfig({ file, env: {} });
        if (!r.ok) for (const e of r.errors) expect(e.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('site.scannerLocation and lookup.codePrefix', () => {
  it('are optional: absent by default', () => {
    const c = KioskConfig.parse({});
    expect(c.site.scannerLocation).toBeUndefined();
    expect(c.lookup.codePrefix).toBeUndefined();
  });

  it('take the scanner place as written and an agency prefix, upper case, ending with a dash', () => {
    const c = KioskConfig.parse({ site: { scannerLocation: ' bên phải màn hình ' }, lookup: { codePrefix: '000.00.12.h56' } });
    expect(c.site.scannerLocation).toBe('bên phải màn hình');
    expect(c.lookup.codePrefix).toBe('000.00.12.H56-');
    expect(KioskConfig.parse({ lookup: { codePrefix: '000.00.12.H56-' } }).lookup.codePrefix).toBe('000.00.12.H56-');
  });

  it('refuse a prefix that is not an agency identifier, and unknown keys', () => {
    for (const codePrefix of ['', '000..12', '000.00.12.H56-260314', 'H56 Q1', '-']) {
      expect(KioskConfig.safeParse({ lookup: { codePrefix } }).success, codePrefix).toBe(false);
    }
    expect(KioskConfig.safeParse({ site: { scanner: 'x' } }).success).toBe(false);
  });
});
