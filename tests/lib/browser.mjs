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
