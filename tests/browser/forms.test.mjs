// The form model in a real browser (templates/layout/form.tmpl and
// static/js/forms.js): a form sent back with several mistakes lists them
// all, the title starts with "Virhe:", focus lands on the summary, a link
// in it puts focus on its field, and axe finds nothing at phone and desktop
// widths. The accessibility feedback form is the public form every visitor
// can reach.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, formatAxeViolations, axeAnalyze } from '../lib/browser.mjs';

let srv;
let browser;

before(async () => {
  srv = await startServer({ demo: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

// Sends the feedback form with an empty message and a broken address,
// with the browser's own checks off (they would stop the form first).
async function sendWithMistakes(page) {
  await page.goto(`${srv.url}/fi/accessibility`);
  await page.evaluate(() => { document.querySelector('form textarea[name=message]').form.noValidate = true; });
  await page.fill('#contact', 'not-an-address');
  await Promise.all([
    page.waitForNavigation(),
    page.locator('form:has(#message) button[type=submit]').click(),
  ]);
}

for (const width of [390, 1280]) {
  describe(`a form with mistakes at ${width} px`, () => {
    it('lists every mistake, says so in the title and moves focus to the list', async () => {
      const ctx = await browser.newContext({ viewport: { width, height: 800 } });
      const page = await ctx.newPage();
      try {
        await sendWithMistakes(page);
        assert.match(await page.title(), /^Virhe: /);
        const links = page.locator('.error-summary a');
        assert.equal(await links.count(), 2, 'both mistakes are listed at once');
        await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
        assert.equal(await page.getAttribute('#message', 'aria-invalid'), 'true');
        assert.equal(await page.getAttribute('#contact', 'aria-invalid'), 'true');
        assert.equal(await page.inputValue('#contact'), 'not-an-address', 'what was written comes back');

        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.id === 'message');

        const axe = await axeAnalyze(page);
        assert.equal(axe.violations.length, 0, formatAxeViolations(axe.violations));
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert.equal(overflow, false, 'no horizontal scrolling');
      } finally {
        await ctx.close();
      }
    });
  });
}
