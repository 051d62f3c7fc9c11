import { test, expect, Page } from '@playwright/test';
import { answerHousehold, expectClass, shipped, shippedText } from './helpers';

const bantaeng = shipped('bantaeng-draft.json');
const bpsText = shippedText('bps-14.json');

function edited(change: (r: any) => void): string {
  const r = JSON.parse(bpsText);
  change(r);
  return JSON.stringify(r, null, 2);
}

// Five ways a rule set can be broken, each with the error code the person is shown and where.
const broken: { name: string; text: string; code: string; where: RegExp }[] = [
  { name: 'bad JSON', text: bpsText.slice(0, 400), code: 'json_syntax', where: /baris \d+, kolom \d+/ },
  {
    name: 'wrong format version',
    text: bpsText.replace('"timbang.ruleset/1"', '"timbang.ruleset/9"'),
    code: 'unsupported_format',
    where: /di \$\.format/,
  },
  {
    name: 'unknown reference',
    text: edited((r) => { r.clusters[0].indicators[0].indicator = 'tidak_ada'; }),
    code: 'unknown_reference',
    where: /di \$\.clusters\[0\]\.indicators\[0\]/,
  },
  {
    name: 'gap between bands',
    text: edited((r) => {
      const last = r.classes[r.classes.length - 1];
      last.to = { value: 8, inclusive: false };
    }),
    code: 'band_gap',
    where: /di \$\.classes/,
  },
  {
    name: 'failing test household',
    text: edited((r) => { r.tests[0].expect = r.tests[0].expect === 'miskin' ? 'tidak_miskin' : 'miskin'; }),
    code: 'test_household_failed',
    where: /di \$\.tests\[0\]/,
  },
];

async function paste(page: Page, text: string) {
  await page.getByText('Impor aturan').click();
  await page.getByLabel('Atau tempel teks aturan (JSON)').fill(text);
  await page.getByRole('button', { name: 'Muat teks' }).click();
}

test.beforeEach(async ({ page }) => {
  await page.goto('./');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
});

for (const b of broken) {
  test(`a rule set with ${b.name} is refused with its error, and nothing changes`, async ({ page }) => {
    const i = bantaeng.tests.findIndex((t) => t.cluster === 'pesisir' && t.expect === 'hampir_miskin');
    const label = await answerHousehold(page, bantaeng, i);
    await expectClass(page, label);
    const picker = page.getByRole('combobox', { name: 'Aturan' });
    const before = await picker.inputValue();

    await paste(page, b.text);
    const report = page.getByTestId('import-errors');
    await expect(report).toContainText('aturan tidak dimuat');
    await expect(report.locator(`[data-code="${b.code}"]`).first()).toBeVisible();
    await expect(report).toContainText(b.where);
    await expect(report).toContainText('Aturan yang sedang digunakan dan semua jawaban tidak berubah');

    await expect(picker).toHaveValue(before);
    await expectClass(page, label);
    await expect(picker.locator('option')).toHaveCount(4);
  });
}

test('errors are shown in English too', async ({ page }) => {
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByText('Import a rule set').click();
  await page.getByLabel("Or paste a rule set's text (JSON)").fill(broken[1].text);
  await page.getByRole('button', { name: 'Load text' }).click();
  await expect(page.getByTestId('import-errors')).toContainText('at $.format');
  await expect(page.getByTestId('import-errors')).toContainText('rule set not loaded');
});

test('a valid rule set imported from a file is used, shows its tests, and survives a reload', async ({ page }) => {
  const variant = edited((r) => {
    r.id = 'bps-14-varian';
    r.name = { id: 'BPS 14 varian uji', en: 'BPS 14 test variant' };
  });
  await page.getByText('Impor aturan').click();
  await page.getByLabel('Pilih berkas aturan (JSON)').setInputFiles({
    name: 'varian.json', mimeType: 'application/json', buffer: Buffer.from(variant),
  });
  const ok = page.getByTestId('import-ok');
  await expect(ok).toContainText('BPS 14 varian uji');
  await expect(ok.getByRole('table')).toContainText('Lulus');
  await expect(ok.getByRole('table')).not.toContainText('Gagal');
  await expect(page.getByRole('heading', { level: 2, name: /BPS 14 varian uji/ })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: /BPS 14 varian uji/ })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Aturan' }).locator('option')).toHaveCount(5);
});

test('the exported rule set is the same bytes each time', async ({ page }) => {
  const texts: string[] = [];
  for (let k = 0; k < 2; k++) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Ekspor aturan (JSON)' }).click();
    const d = await download;
    const path = await d.path();
    texts.push(require('node:fs').readFileSync(path!, 'utf8'));
    expect(d.suggestedFilename()).toMatch(/^bantaeng-draft-.*\.json$/);
  }
  expect(texts[0]).toBe(texts[1]);
  expect(texts[0]).toBe(shippedText('bantaeng-draft.json'));
});

test('an exported assessment imports back to the same result', async ({ page }) => {
  const i = bantaeng.tests.findIndex((t) => t.cluster === 'pegunungan' && t.expect === 'miskin');
  const label = await answerHousehold(page, bantaeng, i);
  await expectClass(page, label);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Ekspor penilaian (JSON)' }).click();
  const file = await (await download).path();
  const saved = JSON.parse(require('node:fs').readFileSync(file!, 'utf8'));
  expect(saved.format).toBe('timbang.assessment/1');
  expect(saved.rule_set.hash).toMatch(/^[0-9a-f]{8}$/);
  expect(saved.result.class).toBe('miskin');

  // Start afresh, then import the file.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expectClass(page, 'Belum dapat ditentukan');
  await page.getByLabel('Impor penilaian').setInputFiles(file!);
  await expect(page.getByRole('status').filter({ hasText: 'aturan yang sama persis' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /Pegunungan/ })).toBeChecked();
  await expectClass(page, label);
});

test('delete my data clears answers after a confirmation', async ({ page }) => {
  const label = await answerHousehold(page, bantaeng, 0);
  await expectClass(page, label);
  page.once('dialog', (d) => d.dismiss());
  await page.getByRole('button', { name: 'Hapus data saya' }).click();
  await expectClass(page, label);
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Hapus data saya' }).click();
  await expectClass(page, 'Belum dapat ditentukan');
  expect(await page.evaluate(() => localStorage.getItem('timbang.session') ?? '')).not.toContain('keramik');
});

test('a corrupt stored entry is reported, kept aside, and the app still works', async ({ page }) => {
  // Wait until the app is running, so its own first save cannot land after the corrupt entry.
  await expect(page.getByTestId('class')).toBeVisible();
  await page.evaluate(() => localStorage.setItem('timbang.session', '{"schema":1,"data":{"active":'));
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'tidak dapat dibaca' })).toBeVisible();
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('timbang.quarantine.')));
  expect(kept.length).toBe(1);
  const label = await answerHousehold(page, bantaeng, 0);
  await expectClass(page, label);
});

test('a rule set dropped on the import zone is loaded', async ({ page }) => {
  const variant = edited((r) => {
    r.id = 'bps-14-seret';
    r.name = { id: 'BPS 14 diseret', en: 'BPS 14 dropped' };
  });
  await page.getByText('Impor aturan').click();
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'seret.json', { type: 'application/json' }));
    return dt;
  }, variant);
  const zone = page.getByText('Atau seret berkas JSON ke sini.');
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByTestId('import-ok')).toContainText('BPS 14 diseret');
});

test('a full storage gives a visible warning and the answers stay on screen', async ({ page }) => {
  await page.addInitScript(() => {
    const real = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (key === 'timbang.session' && (window as any).__full) {
        throw new DOMException('full', 'QuotaExceededError');
      }
      return real.call(this, key, value);
    };
  });
  await page.reload();
  await page.evaluate(() => { (window as any).__full = true; });
  const label = await answerHousehold(page, bantaeng, 1);
  await expectClass(page, label);
  await expect(page.getByRole('alert').filter({ hasText: 'penyimpanan mungkin penuh' })).toBeVisible();
});
