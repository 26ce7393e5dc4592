// Browser helpers for tests/browser: Debian's Chromium driven by
// playwright-core (never a downloaded browser), and readable axe reports.
//
// Why chromium-headless-shell and not chromium: since Chromium 132 the
// browser's own --headless is the whole browser without a window, with its
// tab strip and settings pages rendered off screen.  Debian's
// chromium-headless-shell is the same Blink and V8 built as the old
// headless shell, the one playwright itself runs for headless tests: the
// browser pages' test file took 68 s of CPU on the whole browser and 27 s
// on the shell, with the same results, and an open page idles at a tenth
// of the CPU.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from './server.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium-headless-shell';

/** The WCAG levels we hold every page to. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Launches headless Chromium with networking extras off. Playwright gives it
 * a fresh temporary profile, removed on close().
 */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium-headless-shell (scripts/deps.sh test)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    timeout: 30000,
  });
}

// axe-core's own build, read once per test process.
let axeSource = null;

/**
 * axe-core (AXE_TAGS) on the page as it is now; axe's results object.
 *
 * Why not @axe-core/playwright's AxeBuilder: for each analyze() it injects
 * axe into every frame, runs it there in parts and opens a blank page to
 * put the parts together — three to four times the cost of the run itself,
 * and the browser suites run axe hundreds of times.  Our pages have no
 * frames (checked here, so that one added later is not left untested), so
 * one axe.run() in the page does the same checks.
 */
export async function axeAnalyze(page) {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const frames = await page.evaluate(() => document.querySelectorAll('iframe, frame, object[data]').length);
  if (frames > 0) throw new Error(`${page.url()} has ${frames} frame(s): axeAnalyze() checks one document`);
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  return page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    iframes: false,
    // Passes and incompletes without their nodes: only the violations
    // are reported, and collecting every node costs time.
    resultTypes: ['violations'],
  }), AXE_TAGS);
}

/** axe violations as text: rule, impact, help, and each node's selector and summary. */
export function formatAxeViolations(violations) {
  const out = [];
  for (const v of violations) {
    out.push(`- ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes.slice(0, 10)) {
      out.push(`    at ${n.target.join(' ')}`);
      out.push(`       ${n.html.slice(0, 200)}`);
      if (n.failureSummary) {
        out.push(...n.failureSummary.split('\n').map((l) => `       ${l}`));
      }
    }
    if (v.nodes.length > 10) out.push(`    … and ${v.nodes.length - 10} more`);
  }
  return out.join('\n');
}

/**
 * Where screenshots go when TUKIVERKKO_SCREENS=1 asks for them, for a
 * person to look through the pages the tests saw; null otherwise.  No test
 * reads them, and a full-page PNG costs Chromium a fifth of a page check's
 * CPU, so the suites take none unless asked.
 */
export const SCREENS = process.env.TUKIVERKKO_SCREENS === '1'
  ? path.join(repoRoot, 'build', 'test-logs', 'screens') : null;

/** The page as SCREENS/`name`.png, when screenshots are asked for. */
export async function screenshot(page, name, { fullPage = true } = {}) {
  if (!SCREENS) return;
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage });
}

/**
 * The page's accessibility at several widths: axe (AXE_TAGS) and a
 * screenshot `name`-WIDTH at each of `widths`, then no sideways scrolling
 * at 320 px; the page is left at the first width.
 */
export async function accessibleAt(page, name, { widths = [390, 1280], height = 900 } = {}) {
  const assert = (await import('node:assert/strict')).default;
  for (const width of widths) {
    await page.setViewportSize({ width, height });
    await screenshot(page, `${name}-${width}`);
    const result = await axeAnalyze(page);
    assert.ok(result.passes.length > 0, 'axe ran no checks');
    assert.equal(result.violations.length, 0, `axe violations on ${name} at ${width} px:\n${formatAxeViolations(result.violations)}`);
  }
  await page.setViewportSize({ width: 320, height: 640 });
  const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(sw <= iw, `${name} scrolls sideways at 320 px (${sw} > ${iw})`);
  await page.setViewportSize({ width: widths[0], height });
}

/**
 * A page in a context of its own (1280 x 900, 10 s timeouts) that reports
 * into `problems`, under `name`, every script error and every request to
 * anywhere but `base` (the server under test): pages make no third-party
 * requests.  Returns { context, page }.
 */
export async function watchedPage(browser, base, problems, name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.on('pageerror', (e) => problems.push(`${name}: script error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !/^(data|about):/.test(r.url())) problems.push(`${name}: request outside: ${r.url()}`);
  });
  return { context, page };
}
