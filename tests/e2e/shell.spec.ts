import { test, expect } from '@playwright/test';

test('the page loads from a sub-folder and speaks Indonesian', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));

  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1, name: 'Timbang' })).toBeVisible();
  await expect(page.getByText('Menimbang indikator kemiskinan dan kerentanan rumah tangga')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  expect(failed, 'every asset loads from the sub-folder').toEqual([]);
});

test('a person can switch to English, and the choice is remembered', async ({ page }) => {
  await page.goto('./');
  const english = page.getByRole('button', { name: 'English' });
  await expect(english).toHaveAttribute('aria-pressed', 'false');
  await english.click();
  await expect(english).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('Weighing household poverty and vulnerability indicators')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.reload();
  await expect(page.getByText('Weighing household poverty and vulnerability indicators')).toBeVisible();

  await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
  await expect(page.getByText('Menimbang indikator kemiskinan dan kerentanan rumah tangga')).toBeVisible();
});
