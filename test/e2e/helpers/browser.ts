import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; browser tests never download a browser of their own. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless Chromium for one test file. Playwright gives every launch a fresh temporary profile
 * (--user-data-dir) and removes it on close. Without Chromium this throws, so the browser tests fail
 * loudly rather than pass or skip silently.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Debian's Chromium at ${CHROMIUM}, which is missing. Install it with: apt-get install -y chromium`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
