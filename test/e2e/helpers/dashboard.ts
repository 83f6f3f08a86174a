import type { Page } from 'playwright-core';

/** On the contract manager's dashboard (Prestaties): shows the figures of one consortium. */
export async function showConsortium(page: Page, consortium: string): Promise<void> {
  await page.getByLabel('Samenwerkingsverband').selectOption({ label: consortium });
  await page.getByRole('button', { name: 'Toon' }).click();
  await page.getByText(`Trajecten van ${consortium} die zijn afgesloten`).waitFor();
}
