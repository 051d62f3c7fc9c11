// "Bandingkan varian": one household under the Bantaeng draft and BPS side by side, questions only one
// variant asks answered from the grid, the differences in both languages, accessibility and small screens.
import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { answer, answerHousehold, shipped } from './helpers';

const bantaeng = shipped('bantaeng-draft.json');
const bps = shipped('bps-14.json');
// A coastal fisher without a boat: sangat miskin under the Bantaeng draft.
const fisher = bantaeng.tests.findIndex((t) => t.cluster === 'pesisir' && t.expect === 'sangat_miskin');
// The questions only BPS asks, answered with no deprivation: BPS then says tidak miskin.
const bpsOnly: [string, unknown][] = [
  ['sumber_penerangan', 'listrik_pln'],
  ['frekuensi_daging', 3],
  ['pakaian_baru', 2],
  ['frekuensi_makan', 3],
  ['mampu_berobat', true],
  ['sumber_penghasilan_kk', 'lainnya_600rb_lebih'],
  ['nilai_tabungan', 'Rp 1.000.000'],
];

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Answers the fisher in the form, opens the compare view and makes sure Bantaeng and BPS are chosen. */
async function compareFisher(page: Page) {
  await answerHousehold(page, bantaeng, fisher);
  await page.getByRole('button', { name: 'Bandingkan varian' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Bandingkan varian' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: bantaeng.name.id })).toBeChecked();
  await page.getByRole('checkbox', { name: bps.name.id }).check();
}

test.beforeEach(async ({ page }) => {
  await page.goto('./');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
});

test('the grid shows each variant in each cluster and marks a class that differs', async ({ page }) => {
  await compareFisher(page);
  const grid = page.getByTestId('compare-grid');
  await expect(grid.getByRole('row')).toHaveCount(1 + bantaeng.clusters.length + 1);
  const coastal = page.getByTestId('cell-bantaeng-draft-pesisir');
  await expect(coastal).toContainText('Sangat miskin');
  await expect(coastal).toContainText('acuan');
  // BPS still needs its own questions: flagged, and the cell cannot be compared yet.
  const bpsRow = page.getByTestId('cell-bps-14-semua');
  await expect(bpsRow).toContainText('belum dapat dibandingkan');
  await expect(page.getByTestId('flag-frekuensi_makan')).toContainText('Hanya ada di: ' + bps.name.id);
  await expect(page.getByTestId('compare-shared')).toContainText('id pertanyaan');

  // Answered from the grid: the cells follow at once.
  for (const [id, value] of bpsOnly) {
    await answer(page, bps, id, value);
  }
  await expect(bpsRow).toContainText('Tidak miskin');
  await expect(bpsRow).toHaveAttribute('data-differs', 'true');
  await expect(bpsRow).toContainText('≠ berbeda: Sangat miskin pada varian pertama');
  await expect(coastal).toHaveAttribute('data-differs', 'false');

  // A flagged answer is the household's: with every BPS-only criterion met the score is 1 + 7 = 8.
  await expect(bpsRow.locator('td.num')).toHaveText('1');
  await answer(page, bps, 'frekuensi_makan', 1);
  await answer(page, bps, 'frekuensi_daging', 0);
  await answer(page, bps, 'pakaian_baru', 0);
  await answer(page, bps, 'sumber_penghasilan_kk', 'nelayan');
  await answer(page, bps, 'mampu_berobat', false);
  await answer(page, bps, 'nilai_tabungan', 0);
  await answer(page, bps, 'sumber_penerangan', 'lampu_minyak');
  await expect(bpsRow.locator('td.num')).toHaveText('8');

  // BPS as the reference: now Bantaeng's coastal cell is the one that differs.
  await page.getByLabel('Varian pertama (acuan)').selectOption({ label: bps.name.id });
  await expect(page.getByTestId('cell-bps-14-semua')).toContainText('acuan');
  await expect(page.getByTestId('cell-bantaeng-draft-pesisir')).toHaveAttribute('data-differs', 'true');
});

test('the differences are said in Indonesian and in English', async ({ page }) => {
  await compareFisher(page);
  const diff = page.getByTestId('diff-1');
  await expect(diff).toContainText(
    'Cara menghitung berubah dari bobot (Alkire–Foster) menjadi hitungan (jumlah indikator terpenuhi).',
  );
  await expect(diff).toContainText('Klaster «Semua wilayah» dibandingkan dengan setiap klaster');
  await expect(diff).toContainText('Di semua klaster, indikator «');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Compare variants' })).toBeVisible();
  await expect(diff).toContainText('The method changes from weighted (Alkire–Foster) to count (indicators met).');
  await expect(diff).toContainText('In every cluster, the indicator «');
  await expect(page.getByTestId('cell-bantaeng-draft-pesisir')).toContainText('Very poor');
});

test('the view is reached with the keyboard and remembered on reload', async ({ page }) => {
  const compare = page.getByRole('button', { name: 'Bandingkan varian' });
  await compare.focus();
  await page.keyboard.press('Enter');
  await expect(compare).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('compare-grid')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Bandingkan varian' })).toBeVisible();
  await page.getByRole('button', { name: 'Nilai rumah tangga' }).click();
  await expect(page.getByTestId('class')).toBeVisible();
});

for (const lang of ['id', 'en'] as const) {
  test(`no serious or critical accessibility violations on the compare view (${lang})`, async ({ page }) => {
    await compareFisher(page);
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByTestId('diff-1')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('the compare view fits 360×640: only the grid scrolls sideways, in its own box', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 640 });
  await compareFisher(page);
  await expect(page.getByTestId('diff-1')).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  const region = page.getByRole('region', { name: 'Kelas dan skor rumah tangga ini per varian dan klaster' });
  await expect(region).toBeVisible();
  expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
});
