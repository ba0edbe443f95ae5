/**
 * ui/styles.css is whole: it parses with PostCSS, which refuses an unclosed block. A brace lost in
 * a merge otherwise passes the build (the minifier is lenient) and silently drops every rule after
 * it, as it once dropped the lookup keypad's layout.
 */
import { readFileSync } from 'node:fs';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../../ui/styles.css', import.meta.url), 'utf8');

describe('ui/styles.css', () => {
  it('parses, every block closed', () => {
    expect(() => postcss.parse(css)).not.toThrow();
  });

  it('an unclosed block is refused (the check can fail)', () => {
    expect(() => postcss.parse(`${css}\n.x {\n  color: red;\n`)).toThrow(/Unclosed block/);
  });

  it('keeps the rules of every journey, the last one included', () => {
    const selectors = new Set<string>();
    postcss.parse(css).walkRules((r) => r.selectors.forEach((s) => selectors.add(s)));
    for (const s of ['.code-keypad', '.scan-first', ':root.contrast-high', '.proc-list']) expect(selectors, s).toContain(s);
  });
});
