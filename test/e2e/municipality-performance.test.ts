import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { seriousA11yViolations } from './helpers/axe.js';
import { expectNoSidewaysScroll } from './helpers/layout.js';
import { usePortal } from './helpers/portal.js';
import { signIn, waitForHeading } from './helpers/session.js';

// A contract manager sees all the youth care its municipality buys, not only the consortia's,
// with the figures of the 2023 model as charts.
const portal = usePortal();
const SCREENSHOTS = 'test-results/municipality';

describe('contract manager: the whole municipality', () => {
  it('shows Delft’s contract manager its providers outside the consortia, and the 2023 figures as charts', async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    const page = await portal.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, 'contractmanager@delft.example');
    await page.getByRole('link', { name: 'Hele gemeente' }).first().click();
    await waitForHeading(page, 'Hele gemeente');

    const providers = page.getByRole('table', { name: 'Per aanbieder', exact: true });
    const delfland = providers
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: /Orthopedagogisch Centrum Delfland/ }) });
    await expect.poll(() => delfland.count()).toBe(1);
    expect(await delfland.innerText()).toContain('buiten samenwerkingsverband');
    expect(await page.getByText(/^Delft, afgesloten van/).count()).toBe(1);

    // the charts of waiting over time and referrals per youth are drawn, each with its table
    for (const chart of ['model-chart-waiting', 'model-chart-referrals'])
      expect(await page.locator(`[data-chart="${chart}"]`).count(), chart).toBe(1);
    expect(await page.locator('[data-chart="model-chart-referrals"] [data-mark]').count()).toBeGreaterThan(0);
    expect(
      await page.getByRole('table', { name: 'Wachtenden aan het eind van elke maand' }).getByRole('row').count(),
    ).toBe(
      13, // a header and the 12 months of the last complete year
    );

    expect(await seriousA11yViolations(page), 'axe on the municipality page').toEqual([]);
    await expectNoSidewaysScroll(page, 'at 1366 px');
    await page.screenshot({ path: `${SCREENSHOTS}/delft-1366.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSidewaysScroll(page, 'at 390 px');
    await page.screenshot({ path: `${SCREENSHOTS}/delft-390.png`, fullPage: true });
  });

  it('shows the consortium dashboard the waiting and referral figures beside the outcomes', async () => {
    const page = await portal.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, 'contractmanager@denhaag.example');
    await waitForHeading(page, 'Prestaties');
    await page.getByRole('heading', { name: 'Wachten en doorverwijzen (model 2023)' }).waitFor();
    for (const chart of ['model-chart-waiting', 'model-chart-referrals', 'model-chart-reasons'])
      expect(await page.locator(`[data-chart="${chart}"] [data-mark]`).count(), chart).toBeGreaterThan(0);
    expect(await seriousA11yViolations(page), 'axe on the performance page').toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/denhaag-performance-1366.png`, fullPage: true });
    await page
      .locator('section[aria-labelledby="model-title"]')
      .screenshot({ path: `${SCREENSHOTS}/denhaag-model-1366.png` });
  });
});
