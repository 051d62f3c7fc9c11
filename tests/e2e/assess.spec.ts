import { test, expect } from '@playwright/test';
import { answer, answerHousehold, classLabel, escapeRe, expectClass, pickCluster, shipped } from './helpers';

const bantaeng = shipped('bantaeng-draft.json');

test.beforeEach(async ({ page }) => {
  await page.goto('./');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
});

test('first visit opens the Bantaeng draft and says it is a draft', async ({ page }) => {
  await expect(page.getByRole('combobox', { name: 'Aturan' })).toHaveValue(/[0-9a-f]{8}/);
  await expect(page.getByRole('heading', { level: 2, name: /Bantaeng/ })).toBeVisible();
  await expect(page.getByText('Rancangan', { exact: true })).toBeVisible();
  await expect(page.getByRole('note')).toContainText('ILUSTRATIF');
  for (const c of bantaeng.clusters) {
    await expect(page.getByRole('radio', { name: new RegExp(escapeRe(c.label.id)) })).toBeVisible();
  }
  await expectClass(page, 'Belum dapat ditentukan');
});

test('only the questions of the chosen cluster are shown', async ({ page }) => {
  const fisher = bantaeng.questions.find((q) => q.id === 'status_nelayan')!;
  const road = bantaeng.questions.find((q) => q.id === 'jalan_putus_musim_hujan')!;
  await pickCluster(page, bantaeng, 'pesisir');
  await expect(page.getByLabel(fisher.label.id, { exact: true })).toBeVisible();
  await expect(page.getByRole('group', { name: road.label.id })).toHaveCount(0);
  await pickCluster(page, bantaeng, 'pegunungan');
  await expect(page.getByLabel(fisher.label.id, { exact: true })).toHaveCount(0);
  await expect(page.getByRole('group', { name: road.label.id })).toBeVisible();
});

// Every test household of the Bantaeng rule set, answered through the form, gives its class.
for (const [i, household] of bantaeng.tests.entries()) {
  test(`household ${i + 1} (${household.cluster}) is ${household.expect}`, async ({ page }) => {
    const label = await answerHousehold(page, bantaeng, i);
    await expectClass(page, label);
    await expect(page.getByTestId('score')).toContainText('Skor');
    await expect(page.getByRole('table', { name: 'Indikator' })).toBeVisible();
  });
}

test('the result updates on every change and says what would change the class', async ({ page }) => {
  // Landless farm labourer in the lowland: miskin at exactly 1/3.
  const i = bantaeng.tests.findIndex((t) => t.cluster === 'dataran_rendah' && t.expect === 'miskin');
  await answerHousehold(page, bantaeng, i);
  await expectClass(page, 'Miskin');
  await expect(page.getByTestId('score')).toContainText('1/3');
  const whatIf = page.getByTestId('what-if');
  await expect(whatIf).toContainText('Jika');
  await expect(whatIf).toContainText('maka rumah tangga ini menjadi');
  // Income per person under the line: one more indicator, sangat miskin.
  await answer(page, bantaeng, 'penghasilan_rumah_tangga', 'Rp 1.200.000');
  await expectClass(page, 'Sangat miskin');
  await expect(page.getByText('= Rp 1.200.000')).toBeVisible();
});

test('unanswered questions narrow the classes still possible', async ({ page }) => {
  await pickCluster(page, bantaeng, 'pesisir');
  await expect(page.getByTestId('possible')).toContainText('Sangat miskin');
  await expect(page.getByTestId('possible')).toContainText('Tidak miskin');
  await answer(page, bantaeng, 'status_nelayan', 'tanpa_perahu');
  await answer(page, bantaeng, 'rumah_atas_air_rob', true);
  // 1/3 met already: the household can no longer be rentan or tidak miskin.
  await expect(page.getByTestId('possible')).not.toContainText('Tidak miskin');
  await expect(page.getByTestId('possible')).not.toContainText('Rentan');
});

test('a wrong answer is shown beside its question and the form keeps it', async ({ page }) => {
  await pickCluster(page, bantaeng, 'pesisir');
  const members = bantaeng.questions.find((q) => q.id === 'jumlah_anggota')!;
  const input = page.getByLabel(members.label.id, { exact: true });
  await input.fill('empat');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: /angka/i }).first()).toBeVisible();
  await expect(input).toHaveValue('empat');
});

test('the whole flow in English', async ({ page }) => {
  await page.getByRole('button', { name: 'English' }).click();
  const i = bantaeng.tests.findIndex((t) => t.cluster === 'pegunungan' && t.expect === 'hampir_miskin');
  const label = await answerHousehold(page, bantaeng, i, 'en');
  expect(label).toBe(classLabel(bantaeng, 'hampir_miskin', 'en'));
  await expectClass(page, label);
  await expect(page.getByTestId('what-if')).toContainText('then this household becomes');
  await expect(page.getByRole('table', { name: 'Indicators' })).toBeVisible();
});

test('answers come back after a reload, per rule set and cluster', async ({ page }) => {
  const i = bantaeng.tests.findIndex((t) => t.cluster === 'pesisir' && t.expect === 'miskin');
  const label = await answerHousehold(page, bantaeng, i);
  await expectClass(page, label);
  await pickCluster(page, bantaeng, 'pegunungan');
  await expectClass(page, 'Belum dapat ditentukan');
  await page.reload();
  // The last cluster opened comes back, and the pesisir answers are still there.
  await expect(page.getByRole('radio', { name: /Pegunungan/ })).toBeChecked();
  await pickCluster(page, bantaeng, 'pesisir');
  await expectClass(page, label);
});

test('a scorecard result shows the likelihood', async ({ page }) => {
  const ppi = shipped('ppi-indonesia-2012.json');
  await page.getByRole('combobox', { name: 'Aturan' }).selectOption({ label: ppi.name.id });
  const label = await answerHousehold(page, ppi, 0);
  await expectClass(page, label);
  await expect(page.getByTestId('likelihood')).toContainText('%');
});
