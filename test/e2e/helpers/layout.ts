import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The page reflows: nothing but a table's own region scrolls sideways. */
export async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const [scrollWidth, innerWidth] = (await page.evaluate(
    '[document.documentElement.scrollWidth, window.innerWidth]',
  )) as number[];
  expect(scrollWidth, what).toBeLessThanOrEqual(innerWidth);
}
