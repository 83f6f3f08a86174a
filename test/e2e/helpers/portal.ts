import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { startTestApp, type TestApp } from '../../integration/helpers/test-app.js';
import { launchBrowser } from './browser.js';

/**
 * The portal built by `npm run build:web` (npm test builds it before running vitest), or another
 * build named in SAMENSPEL_WEB_HANDLER (e.g. a private one while others rebuild web/build).
 */
export const WEB_HANDLER =
  process.env.SAMENSPEL_WEB_HANDLER ?? fileURLToPath(new URL('../../../web/build/handler.js', import.meta.url));

/** The most one browser test may take, and one of its steps (a click, a page load, a text to appear). */
const BROWSER_TEST_TIMEOUT_MS = 180_000;
const STEP_TIMEOUT_MS = 30_000;

/** The real server with the built portal, on a fresh database cloned from the seeded template. */
export async function startPortal(options: PortalOptions = {}): Promise<TestApp> {
  if (!existsSync(WEB_HANDLER))
    throw new Error(`The portal is not built (${WEB_HANDLER} is missing). Run: npm run build:web`);
  return startTestApp({ ...options, webHandlerPath: WEB_HANDLER });
}

/** What a browser test may set of its app: where mail goes and the base of its links. */
export type PortalOptions = Pick<NonNullable<Parameters<typeof startTestApp>[0]>, 'sendMail' | 'publicUrl'>;

export interface Portal {
  /** The app's base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly app: TestApp;
  readonly browser: Browser;
  /** A page in a fresh browser context (its own cookies), closed after the test. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * Call once at the top of a browser test file: starts the app and Chromium before the file's tests
 * and stops both afterwards. Every test's pages are closed after it, and a test fails when one of
 * its pages threw an uncaught error (e.g. during hydration) or had content blocked by the CSP.
 */
export function usePortal(options: () => PortalOptions = () => ({})): Portal {
  // A browser journey is many page loads; on a busy two-core machine one takes minutes. Steps wait
  // for what they need to see (Playwright's auto-waiting), each for at most STEP_TIMEOUT_MS.
  vi.setConfig({ testTimeout: BROWSER_TEST_TIMEOUT_MS });
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  let contexts: BrowserContext[] = [];
  let pageErrors: string[] = [];

  let setupError: unknown;

  beforeAll(async () => {
    try {
      // The browser first: without Chromium nothing else is started.
      browser = await launchBrowser();
      app = await startPortal(options());
    } catch (error) {
      setupError = error;
    }
  });
  // A failed start fails every test with its reason (vitest would report them as skipped otherwise).
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
    const errors = pageErrors;
    pageErrors = [];
    expect(errors, 'uncaught errors and blocked content in the browser').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (!value) throw new Error('usePortal(): the app and browser start in beforeAll');
    return value;
  };

  return {
    get url() {
      return started(app).url;
    },
    get app() {
      return started(app);
    },
    get browser() {
      return started(browser);
    },
    async newPage(options) {
      const context = await started(browser).newContext({ baseURL: started(app).url, ...options });
      // Fail a step well within the test's own time-out, with Playwright's explanation.
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      // Chromium reports what the Content-Security-Policy blocked (an inline script or style) here.
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
          pageErrors.push(`${page.url()}: ${message.text()}`);
      });
      return page;
    },
  };
}
