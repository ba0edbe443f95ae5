/**
 * What the e2e suite checks of a screen's accessibility, shared by every journey's tests: axe-core
 * (no serious or critical violation; AAA contrast in high-contrast mode), touch targets of at
 * least 48x48 px and visible text of at least 18 px, each failure naming the element.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { RESULTS_DIR } from './harness';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const MIN_TARGET_PX = 48;
const MIN_TEXT_PX = 18;

interface AxeNode {
  target: unknown[];
  failureSummary?: string | undefined;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** axe-core in the page (evaluated over the DevTools protocol, so the page's CSP does not block it). */
export async function runAxe(page: Page, enhancedContrast: boolean): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (enhanced) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, {
      resultTypes: ['violations'],
      rules: enhanced ? { 'color-contrast-enhanced': { enabled: true } } : {},
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, enhancedContrast);
}

/** Touch targets smaller than 48x48 px and visible text smaller than 18 px, each named. */
export async function measure(page: Page): Promise<{ smallTargets: string[]; smallText: string[] }> {
  return page.evaluate(
    ({ minTarget, minText }) => {
      const name = (el: Element): string => {
        const id = el.getAttribute('data-testid');
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
        return `<${el.tagName.toLowerCase()}${id ? ` data-testid="${id}"` : ''}>${cls} "${text}"`;
      };
      const shown = (el: Element): boolean => {
        const cs = getComputedStyle(el);
        if (cs.visibility === 'hidden' || cs.display === 'none') return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      };
      const smallTargets: string[] = [];
      const targets = document.querySelectorAll(
        'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="link"], [role="checkbox"], [role="tab"], [tabindex]:not([tabindex="-1"])',
      );
      for (const el of targets) {
        if (!shown(el)) continue;
        const r = el.getBoundingClientRect();
        // Half a pixel of rounding from rem-based sizes is not a smaller target.
        if (r.width < minTarget - 0.5 || r.height < minTarget - 0.5) {
          smallTargets.push(`${name(el)} is ${r.width.toFixed(1)}x${r.height.toFixed(1)} px`);
        }
      }
      const smallText: string[] = [];
      const seen = new Set<Element>();
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!(node.textContent ?? '').trim()) continue;
        const el = node.parentElement;
        if (!el || seen.has(el) || el.closest('script, style, noscript') || !shown(el)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        if (range.getClientRects().length === 0) continue;
        const px = parseFloat(getComputedStyle(el).fontSize);
        if (px < minText - 0.05) {
          seen.add(el);
          smallText.push(`${name(el)} is ${px.toFixed(1)} px`);
        }
      }
      // Text the resident types or picks (a checkbox or a radio button has no text of its own).
      for (const el of document.querySelectorAll('input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"]), textarea, select')) {
        if (!shown(el)) continue;
        const px = parseFloat(getComputedStyle(el).fontSize);
        if (px < minText - 0.05) smallText.push(`${name(el)} is ${px.toFixed(1)} px`);
      }
      return { smallTargets, smallText };
    },
    { minTarget: MIN_TARGET_PX, minText: MIN_TEXT_PX },
  );
}

export interface Mode {
  label: string;
  enhancedContrast: boolean;
}
export const NORMAL: Mode = { label: 'normal', enhancedContrast: false };
export const MODES_ON: Mode = { label: 'large-contrast', enhancedContrast: true };

/** Everything this file checks on one screen: axe, target sizes, text sizes; failures name the screen and the element. */
export async function audit(page: Page, screen: string, mode: Mode): Promise<void> {
  // Let entry animations (the screens fade in) finish: axe measures colours as drawn.
  // (Endless ones, a spinner or the attract loop, are not waited for.)
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity));
  await page.screenshot({ path: join(RESULTS_DIR, `a11y-${mode.label}-${screen}.png`) });
  const violations = (await runAxe(page, mode.enhancedContrast)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const axeReport = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n'),
  );
  const { smallTargets, smallText } = await measure(page);
  expect.soft({ screen, mode: mode.label, axe: axeReport, smallTargets, smallText }).toEqual({
    screen,
    mode: mode.label,
    axe: [],
    smallTargets: [],
    smallText: [],
  });
}
