/**
 * One respectful form of address for residents, everywhere they read it: "ông/bà" ("Ông/bà" at
 * the start of a sentence). Never "bạn", "quý khách", "anh/chị", nor "Ông/Bà" with a capital B.
 * Scans the Vietnamese dictionary and every source file of ui/ (but the English one) and of the
 * printing service (what a slip says).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vi } from '../../ui/i18n/vi';

const ROOT = resolve(__dirname, '../..');

/** Forms that must not address a resident; letters around them must not be letters (so "bạn" is not found in "bạnh"). */
const FORBIDDEN: ReadonlyArray<{ name: string; re: RegExp }> = [
  { name: 'bạn', re: /(?<!\p{L})bạn(?!\p{L})/iu },
  { name: 'quý khách', re: /(?<!\p{L})quý\s+khách(?!\p{L})/iu },
  { name: 'anh/chị', re: /(?<!\p{L})anh\s*\/\s*chị(?!\p{L})/iu },
  { name: 'anh chị', re: /(?<!\p{L})anh\s+chị(?!\p{L})/iu },
  { name: 'Ông/Bà (capital B)', re: /(?<!\p{L})[ôÔ]ng\s*\/\s*Bà(?!\p{L})/u },
  { name: 'ông / bà (spaced)', re: /(?<!\p{L})ông(\s+\/\s*|\s*\/\s+)bà(?!\p{L})/iu },
];

/** The forbidden forms found in `text`, by name. */
export function forbiddenForms(text: string): string[] {
  const nfc = text.normalize('NFC');
  return FORBIDDEN.filter((f) => f.re.test(nfc)).map((f) => f.name);
}

/** "ông/bà" written with the wrong case for where it stands ("Ông/bà" starts a sentence, "ông/bà" does not). */
export function miscased(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize('NFC').matchAll(/(?<!\p{L})(ông)\/(bà)(?!\p{L})/giu)) {
    const before = text.slice(0, m.index).trimEnd();
    const startsSentence = before === '' || /[.!?:'"“]$/.test(before);
    const want = startsSentence ? 'Ông/bà' : 'ông/bà';
    // All-capital printed headings ("ÔNG/BÀ") are fine.
    if (m[0] !== want && m[0] !== 'ÔNG/BÀ') out.push(`${m[0]} at ${m.index}`);
  }
  return out;
}

function sources(dir: string, skip: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path, skip));
    else if (/\.(ts|tsx)$/.test(name) && !skip(path)) out.push(path);
  }
  return out;
}

describe('form of address: ông/bà', () => {
  it('finds the forms it forbids (the checker itself can fail)', () => {
    expect(forbiddenForms('Bạn cần gì?')).toEqual(['bạn']);
    expect(forbiddenForms('Kính mời Quý khách')).toEqual(['quý khách']);
    expect(forbiddenForms('Mời anh/chị nhận phiếu')).toEqual(['anh/chị']);
    expect(forbiddenForms('Mời Ông/Bà nhận phiếu')).toEqual(['Ông/Bà (capital B)']);
    expect(forbiddenForms('Mời ông / bà nhận phiếu')).toEqual(['ông / bà (spaced)']);
    expect(forbiddenForms('Mời ông/bà nhận phiếu. Ông/bà vui lòng chờ.')).toEqual([]);
    expect(miscased('Mời Ông/bà nhận phiếu')).toHaveLength(1);
    expect(miscased('ông/bà cần gì?')).toHaveLength(1);
    expect(miscased('Xin chào! Ông/bà cần gì? Mời ông/bà chọn.')).toEqual([]);
  });

  it('every Vietnamese UI string says ông/bà, capitalised only at the start of a sentence', () => {
    const bad: string[] = [];
    for (const [key, text] of Object.entries(vi)) {
      for (const f of forbiddenForms(text)) bad.push(`${key}: "${f}" in ${text}`);
      for (const m of miscased(text)) bad.push(`${key}: ${m} in ${text}`);
    }
    expect(bad).toEqual([]);
    // Residents are addressed at all, and as ông/bà.
    expect(Object.values(vi).filter((v) => /ông\/bà/i.test(v)).length).toBeGreaterThanOrEqual(5);
  });

  it('no source file of ui/ (but the English dictionary) nor of the printing service uses another form', () => {
    const files = [...sources(join(ROOT, 'ui'), (p) => p.endsWith(join('i18n', 'en.ts'))), ...sources(join(ROOT, 'main/services/printing'), () => false)];
    expect(files.length).toBeGreaterThan(10);
    const bad: string[] = [];
    for (const file of files) {
      const found = forbiddenForms(readFileSync(file, 'utf8'));
      if (found.length > 0) bad.push(`${relative(ROOT, file)}: ${found.join(', ')}`);
    }
    expect(bad).toEqual([]);
  });
});
