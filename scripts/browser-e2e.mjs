#!/usr/bin/env node
// End-to-end walk through the analysts' dashboard in Debian Chromium against a running server:
// log in, see a simulated campaign on the live board, open its term and chart, open the coordination cluster
// pushing it, acknowledge its alert, silence it, and check both survive a reload. Every step is required (a
// missing feature or a campaign that never shows fails with a message, never a skip). Every page
// is screenshotted at 1280×800 and 390×844 and checked with axe-core (no serious/critical violations).
//   SPREADWATCH_URL             base URL (default http://127.0.0.1:3000)
//   SPREADWATCH_ADMIN_PASSWORD  password of user 'admin' (required)
//   SCREENSHOT_DIR              default artifacts/screenshots
//   LIVE_TIMEOUT_MS             wait for a campaign term with a cluster (default 300000)
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const BASE_URL = process.env.SPREADWATCH_URL ?? 'http://127.0.0.1:3000';
const PASSWORD = process.env.SPREADWATCH_ADMIN_PASSWORD;
const SCREENSHOT_DIR = resolve(process.env.SCREENSHOT_DIR ?? 'artifacts/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LIVE_TIMEOUT_MS = Number(process.env.LIVE_TIMEOUT_MS ?? 300_000);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Software WebGL so the cluster network (sigma.js) renders headless.
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 390, height: 844 };

const log = (message) => console.log(`[browser-e2e] ${message}`);
const results = { steps: [], axe: [], screenshots: [], notes: [] };

const step = async (name, fn) => {
  const started = Date.now();
  try {
    const value = await fn();
    log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    results.steps.push(name);
    return value;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`${name}: ${reason}`);
  }
};

/** axe-core on the current page; returns serious/critical violations (CSP is bypassed for the injected script). */
const axe = async (page, name) => {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, {
      resultTypes: ['violations'],
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      target: v.nodes[0]?.target?.join(' ') ?? '',
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  results.axe.push({
    page: name,
    violations: violations.length,
    serious: bad.length,
    bad,
    all: violations,
  });
  log(`axe  ${name}: ${violations.length} violation(s), ${bad.length} serious/critical`);
  for (const v of violations)
    log(`       ${v.impact} ${v.id} ×${v.nodes}: ${v.help} (${v.target})`);
  return bad;
};

const shot = async (page, name) => {
  const path = resolve(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  results.screenshots.push(path);
};

const settle = (page) =>
  page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);

const main = async () => {
  if (!PASSWORD) throw new Error('SPREADWATCH_ADMIN_PASSWORD is not set');
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const problems = [];
  try {
    const context = await browser.newContext({
      viewport: WIDE,
      bypassCSP: true,
      timezoneId: 'UTC',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        problems.push(m.text());
    });

    await step('log in', async () => {
      await page.goto(BASE_URL, { waitUntil: 'domcontentloaded' });
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill(PASSWORD);
      await shot(page, 'e2e-login');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('header.app-header').waitFor();
    });

    const term = await step('a simulated campaign alerts and shows on the live board', async () => {
      // A firing alert whose term is on the board now and that a coordination cluster pushes (campaigns
      // rise and fade within minutes at 60x, so poll until one term has all three).
      const deadline = Date.now() + LIVE_TIMEOUT_MS;
      let seen = { firing: [], withCluster: [] };
      for (;;) {
        seen = await page.evaluate(async () => {
          const onBoard = (t) =>
            t &&
            document.querySelector(`[data-testid="terms-board"] tr[data-term="${CSS.escape(t)}"]`);
          const items = [...document.querySelectorAll('[data-testid="alert-feed"] li')];
          const termOf = (item) => item.querySelector('.alert-term')?.textContent?.trim();
          const coordinated = new Set(
            items
              .filter((i) => i.querySelector('.alert-kind')?.textContent === 'Coordination')
              .map(termOf),
          );
          const firing = [
            ...new Set(
              items
                .filter((i) => !i.classList.contains('is-resolved'))
                .map(termOf)
                .filter(onBoard),
            ),
          ].sort((a, b) => Number(coordinated.has(b)) - Number(coordinated.has(a)));
          const withCluster = [];
          for (const t of firing.slice(0, 8)) {
            const response = await fetch(`/api/terms/${encodeURIComponent(t)}/clusters`);
            if (!response.ok) continue;
            const body = await response.json();
            if (Array.isArray(body.clusters) && body.clusters.length > 0) withCluster.push(t);
          }
          return { firing, withCluster };
        });
        if (seen.withCluster.length > 0) break;
        if (Date.now() > deadline) {
          throw new Error(
            `no firing term on the live board had a coordination cluster within ${LIVE_TIMEOUT_MS / 1000} s ` +
              `(firing terms on the board: ${seen.firing.join(', ') || 'none'})`,
          );
        }
        await page.waitForTimeout(2_000);
      }
      const t = seen.withCluster[0];
      await page.locator(`[data-testid="terms-board"] tr[data-term="${t}"] .term-button`).click();
      await page.waitForFunction((term) => {
        const chart = document.querySelector('[data-testid="term-chart"]');
        return (
          chart?.getAttribute('data-term') === term &&
          Number(chart.getAttribute('data-points') ?? 0) > 0
        );
      }, t);
      return t;
    });
    log(`     campaign term ${term}`);
    await page.mouse.move(0, 0);
    await shot(page, 'live-1280');

    await step('open the term and see its chart and posts', async () => {
      await page.getByRole('link', { name: `Open ${term}` }).click();
      await page.waitForURL(/\/terms\//);
      await page.waitForFunction(
        () =>
          Number(
            document.querySelector('[data-testid="term-chart"]')?.getAttribute('data-points') ?? 0,
          ) > 0,
      );
      await page.locator('[data-testid="recent-posts"] li').first().waitFor();
      const anchors = await page.locator('[data-testid="recent-posts"] a').count();
      const media = await page.locator('main img, main video, main iframe').count();
      if (anchors + media > 0)
        throw new Error(`posts must be text only (found ${anchors} links, ${media} media)`);
    });
    await settle(page);
    await shot(page, 'term-1280');
    const termUrl = page.url();

    const graph = await step('open the cluster pushing the term and see its network', async () => {
      const clusterLinks = page.locator('[data-testid="term-clusters"] a');
      await clusterLinks
        .first()
        .waitFor({ timeout: 30_000 })
        .catch(() => {
          throw new Error(`the term page of ${term} lists no cluster (the API reported one)`);
        });
      await clusterLinks.first().click();
      await page.locator('[data-testid="cluster-detail"]').waitFor();
      const figure = page.locator('[data-testid="cluster-graph"]');
      await figure.waitFor();
      const info = await figure.evaluate((el) => ({
        renderer: el.getAttribute('data-renderer'),
        nodes: Number(el.getAttribute('data-nodes') ?? 0),
        edges: Number(el.getAttribute('data-edges') ?? 0),
      }));
      if (info.nodes === 0) throw new Error('the cluster network has no nodes');
      if (info.edges === 0) throw new Error('the cluster network has no co-action links');
      if (info.renderer === 'webgl') await figure.locator('canvas').first().waitFor();
      else await figure.locator('svg circle').first().waitFor();
      return info;
    });
    log(
      `     cluster network: ${graph.nodes} nodes, ${graph.edges} links, drawn by ${graph.renderer}`,
    );
    const clusterUrl = page.url();
    await settle(page);
    await page.waitForTimeout(500);
    await shot(page, 'clusters-1280');

    const alertId = await step('select a firing alert of the campaign in the inbox', async () => {
      // Campaigns resolve within minutes at 60x; fall back to any firing alert when the term's have resolved.
      await page.goto(`${BASE_URL}/alerts?state=firing&q=${encodeURIComponent(term)}`);
      await page.locator('.inbox-panel .panel__meta').filter({ hasText: 'shown' }).waitFor();
      if ((await page.locator('.inbox-item').count()) === 0) {
        results.notes.push(
          `campaign alerts of ${term} had resolved; acknowledged another firing alert`,
        );
        await page.goto(`${BASE_URL}/alerts?state=firing`);
      }
      const item = page.locator('.inbox-item[data-state="firing"]').first();
      await item.waitFor({ timeout: LIVE_TIMEOUT_MS });
      await item.click();
      return item.getAttribute('data-alert-id');
    });
    await step('acknowledge it with the keyboard (a)', async () => {
      // The detail panel renders after the click; give it time before calling the action missing.
      await page
        .locator(`.alert-detail[data-alert-id="${alertId}"]`)
        .getByRole('button', { name: /^Acknowledge/ })
        .waitFor({ timeout: 10_000 })
        .catch(() => {
          throw new Error(`no Acknowledge action on alert ${alertId}`);
        });
      await page.locator(`#alert-${alertId}`).focus();
      await page.keyboard.press('a');
      // The detail panel follows the alert even when the state filter then hides it from the list.
      await page.waitForFunction(
        (id) =>
          document.querySelector(`.alert-detail[data-alert-id="${id}"] [data-testid="alert-state"]`)
            ?.textContent === 'acknowledged',
        alertId,
      );
    });
    await shot(page, 'alerts-1280');

    await step('silence it (s) with a comment', async () => {
      await page
        .locator(`.alert-detail[data-alert-id="${alertId}"]`)
        .getByRole('button', { name: /^Silence/ })
        .waitFor({ timeout: 10_000 })
        .catch(() => {
          throw new Error(`no Silence action on alert ${alertId}`);
        });
      // The state filter (firing) drops the acknowledged alert from the list; the detail keeps it selected
      // and the shortcuts act on the selection, so press s from the page when its row is gone.
      const row = page.locator(`#alert-${alertId}`);
      if ((await row.count()) > 0) await row.focus();
      else await page.evaluate(() => document.activeElement?.blur());
      await page.keyboard.press('s');
      await page.locator('.silence-form').waitFor();
      await page.getByLabel('Comment').fill(`e2e: campaign ${term} under review`);
      await page.getByRole('button', { name: 'Create silence' }).click();
      await page.locator('.notice').filter({ hasText: 'Silence created' }).waitFor();
    });

    await step('keyboard help (?) lists shortcuts', async () => {
      await page.locator('body').press('?');
      await page.locator('dialog[open]').getByText('Next alert').waitFor();
      await page.keyboard.press('Escape');
    });

    await step('state survives a reload', async () => {
      await page.goto(`${BASE_URL}/alerts?state=&alert=${alertId}`);
      await page.locator(`.inbox-item[data-alert-id="${alertId}"]`).waitFor();
      const state = await page
        .locator(`.inbox-item[data-alert-id="${alertId}"]`)
        .getAttribute('data-state');
      if (state !== 'acknowledged') throw new Error(`alert state after reload is ${state}`);
      await page.goto(`${BASE_URL}/silences`);
      await page
        .locator('[data-testid="silence-list"] li')
        .filter({ hasText: `e2e: campaign ${term}` })
        .first()
        .waitFor({ timeout: 10_000 })
        .catch(() => {
          throw new Error('the silence created before the reload is not listed after it');
        });
    });
    await shot(page, 'silences-1280');

    const pages = [
      ['live', `/?term=${encodeURIComponent(term)}`],
      ['term', new URL(termUrl).pathname],
      ['alerts', `/alerts?alert=${alertId}&state=`],
      ['clusters', new URL(clusterUrl).pathname],
      ['rules', '/rules'],
      ['rules-alert-rules', '/rules?tab=rules'],
      ['silences', '/silences'],
      ['sources', '/sources'],
      ['settings', '/settings'],
    ];
    const badPages = [];
    for (const [viewport, suffix] of [
      [WIDE, '1280'],
      [NARROW, '390'],
    ]) {
      await page.setViewportSize(viewport);
      for (const [name, path] of pages) {
        await page.goto(`${BASE_URL}${path}`);
        await page.locator('main h1').first().waitFor();
        await settle(page);
        await page.mouse.move(0, 0);
        if (
          suffix === '390' ||
          !['live', 'term', 'alerts', 'clusters', 'silences'].includes(name)
        ) {
          await shot(page, `${name}-${suffix}`);
        }
        const bad = await axe(page, `${name} @${suffix}`);
        if (bad.length > 0) badPages.push(`${name}@${suffix}: ${bad.map((v) => v.id).join(', ')}`);
      }
    }

    await step('dark theme applies and persists', async () => {
      await page.setViewportSize(WIDE);
      await page.goto(`${BASE_URL}/settings`);
      await page.getByLabel('Dark').check();
      await page.goto(`${BASE_URL}/?term=${encodeURIComponent(term)}`);
      const theme = await page.evaluate(() => document.documentElement.dataset.theme);
      if (theme !== 'dark') throw new Error(`theme after reload is ${theme}`);
      await page.locator('[data-testid="term-chart"]').waitFor();
      await settle(page);
      await shot(page, 'live-dark-1280');
      const bad = await axe(page, 'live dark @1280');
      if (bad.length > 0) badPages.push(`live-dark: ${bad.map((v) => v.id).join(', ')}`);
      await page.goto(`${BASE_URL}/alerts?alert=${alertId}&state=`);
      await page.locator('.inbox-item').first().waitFor();
      await shot(page, 'alerts-dark-1280');
    });

    if (badPages.length > 0)
      throw new Error(`axe serious/critical violations: ${badPages.join('; ')}`);
    if (problems.length > 0)
      log(`note: browser console problems:\n  ${problems.slice(0, 20).join('\n  ')}`);
    for (const s of results.notes) log(`note ${s}`);
    console.log(
      `PASS browser-e2e: ${results.steps.length} steps, ${results.axe.length} axe runs with no serious/critical ` +
        `violations, ${results.screenshots.length} screenshots in ${SCREENSHOT_DIR}`,
    );
  } catch (error) {
    const page = browser.contexts()[0]?.pages()[0];
    if (page !== undefined) {
      await page
        .screenshot({ path: resolve(SCREENSHOT_DIR, 'e2e-failure.png'), fullPage: true })
        .catch(() => undefined);
    }
    if (problems.length > 0)
      log(`browser console problems:\n  ${problems.slice(0, 20).join('\n  ')}`);
    throw error;
  } finally {
    await browser.close();
  }
};

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`FAIL browser-e2e: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
