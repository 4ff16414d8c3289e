#!/usr/bin/env node
// Browser check of the live dashboard against a running Spreadwatch server:
// log in, see the term chart move, see an alert arrive, save screenshots.
//   SPREADWATCH_URL             base URL (default http://127.0.0.1:3000)
//   SPREADWATCH_ADMIN_PASSWORD  password of user 'admin' (required)
//   SCREENSHOT_DIR              where login.png and live.png go (default artifacts/screenshots)
//   LIVE_TIMEOUT_MS             how long to wait for the chart to move and for an alert (default 150000)
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';

import { chromium } from 'playwright-core';

const BASE_URL = process.env.SPREADWATCH_URL ?? 'http://127.0.0.1:3000';
const PASSWORD = process.env.SPREADWATCH_ADMIN_PASSWORD;
const SCREENSHOT_DIR = resolve(process.env.SCREENSHOT_DIR ?? 'artifacts/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const USERNAME = 'admin';
// Minutes close once a minute; allow two and a half of them.
const LIVE_TIMEOUT_MS = Number(process.env.LIVE_TIMEOUT_MS ?? 150_000);
const PAGE_TIMEOUT_MS = 30_000;
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
];

class StepError extends Error {
  constructor(step, message) {
    super(`${step}: ${message}`);
    this.step = step;
  }
}

const log = (message) => console.log(`[browser-test] ${message}`);

/** Runs one named step; a failure names the step and keeps the underlying reason. */
const step = async (name, fn) => {
  const started = Date.now();
  try {
    const result = await fn();
    log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return result;
  } catch (error) {
    if (error instanceof StepError) throw error;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new StepError(name, reason);
  }
};

const chartState = (page) =>
  page.$eval('[data-testid="term-chart"]', (el) => ({
    term: el.getAttribute('data-term') ?? '',
    points: Number(el.getAttribute('data-points') ?? '0'),
    lastT: el.getAttribute('data-last-t') ?? '',
    lastValue: el.getAttribute('data-last-value') ?? '',
  }));

const main = async () => {
  if (PASSWORD === undefined || PASSWORD === '') {
    throw new StepError('setup', 'SPREADWATCH_ADMIN_PASSWORD is not set');
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true });

  const browser = await step('launch chromium', () =>
    chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
  );
  const problems = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // Failed requests are reported below with their URL instead.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        problems.push(`console error: ${message.text()}`);
      }
    });
    page.on('response', (response) => {
      const url = new URL(response.url());
      // Before login the session probe answers 401 by design.
      if (response.status() === 401 && url.pathname === '/api/auth/me') return;
      if (response.status() >= 400)
        problems.push(`HTTP ${response.status()} ${url.pathname}${url.search}`);
    });

    await step(`open ${BASE_URL}`, async () => {
      const response = await page.goto(BASE_URL, { waitUntil: 'domcontentloaded' });
      if (response === null || !response.ok()) {
        throw new Error(`HTTP ${response?.status() ?? 'no response'}`);
      }
      await page.getByLabel('Username').waitFor({ state: 'visible' });
    });
    await page.screenshot({ path: resolve(SCREENSHOT_DIR, 'login.png') });

    await step(`log in as ${USERNAME}`, async () => {
      await page.getByLabel('Username').fill(USERNAME);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const outcome = await Promise.race([
        page
          .locator('header.app-header')
          .waitFor({ state: 'visible' })
          .then(() => 'in'),
        page
          .locator('.login-form [role="alert"]')
          .waitFor({ state: 'visible' })
          .then(() => 'rejected'),
      ]);
      if (outcome === 'rejected') {
        const message = await page.locator('.login-form [role="alert"]').innerText();
        throw new Error(`login rejected: ${message}`);
      }
    });

    const initial = await step('term chart has points', async () => {
      await page.waitForFunction(
        () =>
          Number(
            document.querySelector('[data-testid="term-chart"]')?.getAttribute('data-points') ??
              '0',
          ) > 0,
        undefined,
        { timeout: LIVE_TIMEOUT_MS },
      );
      return chartState(page);
    });
    log(
      `     chart ${initial.term}: ${initial.points} points, last ${initial.lastT} = ${initial.lastValue}`,
    );

    // The chart and the alert feed are live independently: wait for both at once, each with its own timeout.
    const [chartResult, alertResult] = await Promise.allSettled([
      step('term chart moves live', async () => {
        await page
          .waitForFunction(
            (before) => {
              const el = document.querySelector('[data-testid="term-chart"]');
              if (el === null) return false;
              return (
                el.getAttribute('data-term') === before.term &&
                (Number(el.getAttribute('data-points') ?? '0') !== before.points ||
                  el.getAttribute('data-last-t') !== before.lastT ||
                  el.getAttribute('data-last-value') !== before.lastValue)
              );
            },
            initial,
            { timeout: LIVE_TIMEOUT_MS, polling: 500 },
          )
          .catch(async (error) => {
            if (error?.name !== 'TimeoutError') throw error;
            const now = await chartState(page).catch(() => initial);
            throw new Error(
              `no change within ${LIVE_TIMEOUT_MS / 1000} s (chart ${now.term}: ${now.points} points, ` +
                `last ${now.lastT}=${now.lastValue}); is the server closing minutes and emitting terms:update?`,
            );
          });
        return chartState(page);
      }),
      step('alert feed shows an alert', async () => {
        await page
          .locator('[data-testid="alert-feed"] li')
          .first()
          .waitFor({ state: 'visible', timeout: LIVE_TIMEOUT_MS })
          .catch((error) => {
            if (error?.name !== 'TimeoutError') throw error;
            throw new Error(`no alert appeared in the feed within ${LIVE_TIMEOUT_MS / 1000} s`);
          });
        return page.locator('[data-testid="alert-feed"] li').count();
      }),
    ]);
    const failures = [chartResult, alertResult].filter((result) => result.status === 'rejected');
    if (failures.length > 0) {
      throw new StepError(
        'live updates',
        failures.map((failure) => failure.reason.message).join('; '),
      );
    }
    const moved = chartResult.value;
    const alertCount = alertResult.value;

    await page.screenshot({ path: resolve(SCREENSHOT_DIR, 'live.png'), fullPage: true });

    if (problems.length > 0)
      log(`note: ${problems.length} browser console problem(s):\n  ${problems.join('\n  ')}`);
    console.log(
      `PASS browser-test: logged in, chart ${moved.term} moved (${initial.points} -> ${moved.points} points, ` +
        `last ${initial.lastT}=${initial.lastValue} -> ${moved.lastT}=${moved.lastValue}), ` +
        `${alertCount} alert(s) in feed; screenshots in ${SCREENSHOT_DIR}`,
    );
  } catch (error) {
    const pages = browser.contexts().flatMap((context) => context.pages());
    const page = pages[0];
    if (page !== undefined) {
      await page
        .screenshot({ path: resolve(SCREENSHOT_DIR, 'failure.png'), fullPage: true })
        .catch(() => undefined);
    }
    if (problems.length > 0) log(`browser console problems:\n  ${problems.join('\n  ')}`);
    throw error;
  } finally {
    await browser.close();
  }
};

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`FAIL browser-test: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
