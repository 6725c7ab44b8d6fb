/**
 * The timeline page end to end in real headless Chromium (Debian `chromium`
 * driven by playwright-core): a seeded store, the app on a free port, the
 * filters (kind, entity, date), zoom, and an event opening its sources and
 * evidence. Screenshots go to tests/.artifacts/screenshots/ (gitignored).
 *
 * Without /usr/bin/chromium the suite is skipped with a message, unless
 * REQUIRE_BROWSER=1 (CI), where a missing browser fails it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { TimelineStore } from '../../src/store/store.js';
import { makeApp, openSeededStore } from '../unit/http/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const required = process.env.REQUIRE_BROWSER === '1';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && !required) console.warn(`SKIP browser test: ${CHROMIUM} is missing (apt-get install -y chromium); set REQUIRE_BROWSER=1 to make this an error`);

const SHOTS = join(process.cwd(), 'tests/.artifacts/screenshots');

describe.skipIf(!haveBrowser && !required)('timeline page in headless Chromium', () => {
  let store: TimelineStore;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  let seeded: Awaited<ReturnType<typeof openSeededStore>>['seeded'];

  const titles = async () => (await page.locator('article.ev h3').allTextContents()).map((t) => t.trim());
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    if (!haveBrowser) throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`);
    mkdirSync(SHOTS, { recursive: true });
    ({ store, seeded } = await openSeededStore());
    app = await makeApp(store);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    (page as unknown as { errors: string[] }).errors = errors;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  it('shows every event grouped by day with kind badges, and runs with no script or CSP errors', async () => {
    await page.goto(`${base}/`);
    expect(await page.locator('article.ev').count()).toBe(14);
    expect(await page.locator('section.day > h2').count()).toBe(12);
    // Kind colours apply (CSS from the nonce'd style element): a meeting badge is not the default grey.
    const bg = await page.locator('article.ev .meta .k-meeting').first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(219, 234, 254)');
    const icon = await page.locator('article.ev .meta .k-meeting').first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown, p: string): { content: string } }).getComputedStyle(el, '::before').content);
    expect(icon).not.toBe('none');
    await shot('01-all-events');
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
  });

  it('filters by kind: ticking kinds reloads with only those kinds', async () => {
    await page.goto(`${base}/`);
    await Promise.all([page.waitForURL(/kind=meeting/), page.locator('form.filters label:has(input[value="meeting"]) .badge').click()]);
    expect(await titles()).toEqual(['Xi Jinping meets Vladimir Putin']);
    await Promise.all([page.waitForURL(/kind=meeting&kind=call|kind=call&kind=meeting/), page.locator('form.filters label:has(input[value="call"]) .badge').click()]);
    expect((await titles()).sort()).toEqual(['Xi Jinping meets Vladimir Putin', 'Xi and Putin phone call']);
    expect(await page.locator('form.filters input[value="call"]').isChecked()).toBe(true);
    await shot('02-kind-filter');
  });

  it('filters by entity (a name typed in the form) and by clicking a participant', async () => {
    await page.goto(`${base}/`);
    await page.fill('input[name="entity"]', 'Vladimir Putin');
    await Promise.all([page.waitForURL(/entity=Vladimir/), page.click('form.filters button[type="submit"]')]);
    const putin = await titles();
    expect(putin.sort()).toEqual(['Election held', 'Gas pipeline agreement signed', 'Sanctions imposed', 'Xi Jinping meets Vladimir Putin', 'Xi and Putin phone call']);
    // Empty fields are not sent.
    expect(new URL(page.url()).searchParams.has('q')).toBe(false);
    await page.goto(`${base}/`);
    await Promise.all([page.waitForURL(/entity=Q311440/), page.locator('a.who', { hasText: 'António Guterres' }).first().click()]);
    expect((await titles()).sort()).toEqual(['Aid pledged', 'Climate conference opens', 'Guterres statement on climate', 'Guterres visits Geneva']);
    await shot('03-entity-filter');
  });

  it('filters by date range', async () => {
    await page.goto(`${base}/`);
    await page.fill('input[name="from"]', '2019-12-03');
    await page.fill('input[name="to"]', '2019-12-05');
    await Promise.all([page.waitForURL(/from=2019-12-03/), page.click('form.filters button[type="submit"]')]);
    // Overlapping events: the days in range, the December agreement and the 2019 anniversary.
    expect((await titles()).sort()).toEqual([
      '<script>alert("xss")</script> & <b>bold</b>',
      'Founding anniversary year',
      'Gas pipeline agreement signed',
      'Guterres visits Geneva',
      'Joint statement issued',
    ]);
    await shot('04-date-filter');
  });

  it('zooms out to months and years', async () => {
    await page.goto(`${base}/`);
    await Promise.all([page.waitForURL(/zoom=month/), page.selectOption('select[name="zoom"]', 'month')]);
    const months = await page.locator('section.group > h2 time').allTextContents();
    expect(months).toEqual(['January 2020', 'December 2019', 'November 2019', 'October 2019', 'September 2019', '2019', 'March 2018']);
    expect(await page.locator('section.group[data-group="2019-12"] article.ev').count()).toBe(7);
    await shot('05-zoom-month');
    await Promise.all([page.waitForURL(/zoom=year/), page.selectOption('select[name="zoom"]', 'year')]);
    expect(await page.locator('section.group > h2 time').allTextContents()).toEqual(['2020', '2019', '2018']);
    expect(await page.locator('section.group[data-group="2019"] .count').textContent()).toBe('12 events');
    await shot('06-zoom-year');
  });

  it('an event opens its sources and evidence, with links to the story', async () => {
    await page.goto(`${base}/?kind=meeting`);
    const card = page.locator(`article#ev-${seeded.eventIds[0]}`);
    const details = card.locator('details.evidence');
    expect(await details.locator('li.source').isVisible()).toBe(false);
    await details.locator('summary').click();
    await expect.poll(() => details.locator('li.source').isVisible()).toBe(true);
    expect(await details.locator('summary').textContent()).toBe('Sources and evidence (1)');
    const source = details.locator('li.source').first();
    expect(await source.locator('a[target="_blank"]').getAttribute('href')).toBe('https://news.example.org/s1');
    expect(await source.locator('blockquote').first().textContent()).toContain('BEIJING, Dec. 2 (Xinhua)');
    await shot('07-sources-open');
    // The story link opens the stored story.
    const storyHref = await source.locator('a', { hasText: 'story text' }).getAttribute('href');
    const res = await page.goto(`${base}${storyHref}`);
    expect(res!.status()).toBe(200);
    expect((await res!.json()).id).toBe('s1');
  });
});
