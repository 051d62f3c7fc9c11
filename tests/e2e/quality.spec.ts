import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { answerHousehold, expectClass, shipped } from './helpers';

const bantaeng = shipped('bantaeng-draft.json');

async function seriousViolations(page: import('@playwright/test').Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test.beforeEach(async ({ page }) => {
  await page.goto('./');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
});

for (const lang of ['id', 'en'] as const) {
  test(`no serious or critical accessibility violations (${lang})`, async ({ page }) => {
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByTestId('class')).toBeVisible();
    expect(await seriousViolations(page), 'empty form').toEqual([]);

    await answerHousehold(page, bantaeng, 3, lang);
    await expect(page.getByTestId('what-if')).toBeVisible();
    expect(await seriousViolations(page), 'with a result').toEqual([]);

    await page.getByText(lang === 'id' ? 'Impor aturan' : 'Import a rule set').click();
    await page.getByLabel(lang === 'id' ? 'Atau tempel teks aturan (JSON)' : "Or paste a rule set's text (JSON)").fill('{');
    await page.getByRole('button', { name: lang === 'id' ? 'Muat teks' : 'Load text' }).click();
    await expect(page.getByTestId('import-errors')).toBeVisible();
    expect(await seriousViolations(page), 'import errors').toEqual([]);
  });
}

test('usable at 360×640 without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 640 });
  await answerHousehold(page, bantaeng, 8);
  await page.getByText('Impor aturan').click();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
});

test('every control can be reached with the keyboard', async ({ page }) => {
  // Tab through the page: the language switch, the rule-set picker and the first question are reached.
  const reached = new Set<string>();
  for (let k = 0; k < 40; k++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.tagName}:${el.getAttribute('aria-label') ?? el.id ?? ''}:${el.textContent?.trim().slice(0, 20) ?? ''}` : '';
    });
    reached.add(name);
  }
  const all = [...reached].join('\n');
  expect(all).toContain('BUTTON::English');
  expect(all).toContain('SELECT:ruleset-select');
  expect(all).toMatch(/INPUT:q-luas_lantai/);
  // A yes/no question answered with the keyboard alone.
  await page.getByRole('radio', { name: /Pegunungan/ }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('radio', { name: /Pegunungan/ })).toBeChecked();
});

test('no network request after the page has loaded', async ({ page }) => {
  const late: string[] = [];
  await page.goto('./');
  await expect(page.getByTestId('class')).toBeVisible();
  page.on('request', (r) => late.push(r.url()));
  await answerHousehold(page, bantaeng, 5);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('combobox', { name: 'Rule set' }).selectOption({ index: 2 });
  await page.getByText('Import a rule set').click();
  await page.getByLabel("Or paste a rule set's text (JSON)").fill('{');
  await page.getByRole('button', { name: 'Load text' }).click();
  await expect(page.getByTestId('import-errors')).toBeVisible();
  // Downloads are blob: URLs made on the page; they never reach a network.
  expect(late.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
});

test('the print view: one page with the class, the reasons and the rule set stamp', async ({ page }, info) => {
  const label = await answerHousehold(page, bantaeng, 9);
  await expectClass(page, label);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('print-stamp')).toBeVisible();
  await expect(page.getByTestId('print-stamp')).toContainText(/hash [0-9a-f]{8}/);
  await expect(page.getByTestId('print-stamp')).toContainText(/\d{4}-\d{2}-\d{2}/);
  await expect(page.getByRole('heading', { name: 'Pertanyaan' })).toBeHidden();
  await expect(page.getByTestId('what-if')).toBeVisible();
  const shot = info.outputPath('print-view.png');
  await page.screenshot({ path: shot, fullPage: true });
  await info.attach('print-view', { path: shot, contentType: 'image/png' });
  const pdf = await page.pdf({ format: 'A4' });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBe(1);
});
