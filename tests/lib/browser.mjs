// Browser helpers for tests/browser: Debian's Chromium driven by
// playwright-core (never a downloaded browser), and readable axe reports.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The WCAG levels we hold every page to. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Launches headless Chromium with networking extras off. Playwright gives it
 * a fresh temporary profile, removed on close().
 */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium (scripts/deps.sh test)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    timeout: 30000,
  });
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
 * The page's accessibility at several widths: a screenshot and axe
 * (AXE_TAGS) at each of `widths` (screens/`name`-WIDTH.png when screens is
 * given), then no sideways scrolling at 320 px; the page is left at the
 * first width.
 */
export async function accessibleAt(page, name, { widths = [390, 1280], height = 900, screens } = {}) {
  const assert = (await import('node:assert/strict')).default;
  const { AxeBuilder } = await import('@axe-core/playwright');
  for (const width of widths) {
    await page.setViewportSize({ width, height });
    if (screens) await page.screenshot({ path: `${screens}/${name}-${width}.png`, fullPage: true });
    const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
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
