// A household file classified in the browser's worker under two variants: the column mapping, the
// figures (equal to `timbang summary` on the same file), the transition drill-down, the rows that
// cannot be assessed, downloads equal to `timbang classify`, XLSX in and out, and cancel.
import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { root, shipped } from './helpers';
// @ts-ignore: a plain ES module shared with the benchmark script.
import { csv, writeCsv } from '../../scripts/households.mjs';

const rulesets = [shipped('bantaeng-draft.json'), shipped('bps-14.json')];
const dir = mkdtempSync(join(tmpdir(), 'timbang-e2e-'));

/** Runs the CLI (built by `cargo test` before this layer runs) and gives its standard output. */
function cli(args: string[]): string {
  return execFileSync('cargo', ['run', '--quiet', '-p', 'timbang-cli', '--', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

// `cargo run -p timbang-cli` alone may build the engine with other features than `cargo test --workspace`
// did (the worker turns `xlsx` on): build it once here, not within a test's time.
test.beforeAll(() => {
  test.setTimeout(600_000);
  execFileSync('cargo', ['build', '--quiet', '-p', 'timbang-cli'], { cwd: root, stdio: 'ignore' });
});

async function openFileView(page: Page) {
  await page.goto('./');
  // The view starts its workers at once, one per core up to four (src/worker_pool.rs): their code is
  // the last thing the page fetches.
  const workers = Math.min(4, await page.evaluate(() => navigator.hardwareConcurrency || 1));
  let fetched = 0;
  page.on('response', (r) => {
    if (/timbang-worker_bg\.wasm$/.test(r.url())) fetched += 1;
  });
  await page.getByRole('button', { name: 'Berkas rumah tangga' }).click();
  await expect(page.getByRole('heading', { name: 'Berkas rumah tangga' })).toBeVisible();
  await expect.poll(() => fetched).toBe(workers);
}

async function pick(page: Page, path: string) {
  await page.getByLabel('Buka berkas CSV atau XLSX').setInputFiles(path);
  await expect(page.getByRole('heading', { name: 'Kolom mana menjawab pertanyaan mana' })).toBeVisible();
}

async function download(page: Page, button: string, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const path = join(dir, name);
  await file.saveAs(path);
  return path;
}

async function run(page: Page, rows: number) {
  await page.getByRole('button', { name: 'Hitung semua rumah tangga' }).click();
  await expect(page.getByText(new RegExp(`^${rows.toLocaleString('id-ID')} baris dihitung`))).toBeVisible({ timeout: 30_000 });
}

// The "," file is large enough (2.7 MB) to be split among the workers of a machine with more than one
// core: its figures and written file are then merged from the parts.
for (const [sep, rows] of [[';', 400], [',', 10_000]] as const) {
  test(`a "${sep}" file of ${rows} rows: mapping, figures equal to the CLI, drill-down, problems, CSV download`, async ({ page }) => {
    const input = join(dir, `rumah-tangga${sep === ';' ? '-titik-koma' : '-koma'}.csv`);
    writeFileSync(input, csv({ rulesets, rows, sep, seed: 7, malformed: 6, bom: sep === ',' }));
    await openFileView(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));

    await pick(page, input);
    // Every question was found by its id, whatever the case or spacing of its header.
    await expect(page.getByLabel('Apa jenis lantai terluas rumah?')).toHaveValue('jenis_lantai');
    await expect(page.locator('#cluster-column')).toHaveValue('Klaster');
    await page.getByRole('checkbox', { name: 'Kecamatan' }).check();
    await page.getByLabel(/Kolom bobot/).selectOption('Jumlah_Anggota');
    await run(page, rows);

    // The figures are the CLI's, exactly.
    const map = await download(page, 'Unduh pemetaan kolom', `map${sep === ';' ? 1 : 2}.json`);
    const summary = await download(page, 'Unduh ringkasan (JSON)', `summary${sep === ';' ? 1 : 2}.json`);
    const args = ['--rules', 'rulesets/bantaeng-draft.json', '--rules', 'rulesets/bps-14.json', '--input', input, '--map', map];
    const expected = JSON.parse(cli(['summary', ...args, '--by', 'Kecamatan', '--weight', 'Jumlah_Anggota', '--json']));
    const shown = JSON.parse(readFileSync(summary, 'utf8'));
    expect(shown).toEqual(expected);

    // What the person reads is those figures: the total row of each variant's table.
    for (const [i, r] of rulesets.entries()) {
      const section = page.getByRole('region', { name: `${r.name.id} ${r.version}` });
      const total = expected.rulesets[i].total;
      const row = section.getByRole('row', { name: /^Semua/ }).first();
      await expect(row.getByRole('cell').last()).toContainText(total.households.toLocaleString('id-ID'));
      await expect(section.getByRole('img')).toBeVisible();
    }
    // The rows that could not be assessed, each with its line (in a split file, in both halves).
    const bantaengProblems = expected.rulesets[0].unassessable.problems;
    expect(bantaengProblems.length).toBeGreaterThan(0);
    if (rows > 400) expect(bantaengProblems.at(-1).line).toBeGreaterThan(rows / 2);
    const details = page.getByRole('region', { name: /Bantaeng/ }).locator('details.unassessable');
    await details.locator('summary').click();
    await expect(details.getByText(`Baris ${bantaengProblems[0].line}:`)).toBeVisible();

    // A transition cell opens its households.
    const cell = page.locator('.transition-table td.changed button').first();
    const count = Number((await cell.innerText()).replace(/\./g, ''));
    await cell.click();
    await expect(cell).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('.drill-table tbody tr')).toHaveCount(Math.min(count, 100));

    // The written file is the CLI's, byte for byte.
    const written = await download(page, 'Unduh hasil (CSV)', `hasil${sep === ';' ? 1 : 2}.csv`);
    const out = join(dir, `cli${sep === ';' ? 1 : 2}.csv`);
    cli(['classify', ...args, '--output', out]);
    expect(readFileSync(written)).toEqual(readFileSync(out));

    // Nothing left the page: no request from picking the file to the last download.
    expect(requests).toEqual([]);
  });
}

/** Runs `input` (of `rows` rows) with the suggested columns and compares its summary with the CLI's. */
async function expectTheCliFigures(page: Page, input: string, rows: number) {
  await openFileView(page);
  await pick(page, input);
  await run(page, rows);
  const stem = basename(input, '.csv');
  const map = await download(page, 'Unduh pemetaan kolom', `${stem}-map.json`);
  const summary = await download(page, 'Unduh ringkasan (JSON)', `${stem}.json`);
  const args = ['--rules', 'rulesets/bantaeng-draft.json', '--rules', 'rulesets/bps-14.json', '--input', input, '--map', map];
  expect(JSON.parse(readFileSync(summary, 'utf8'))).toEqual(JSON.parse(cli(['summary', ...args, '--json'])));
}

test('a quoted field with line breaks across the middle of a large file: the same figures as the CLI', async ({ page }) => {
  // Cut in two at its middle, the file would be cut inside this field: the run is then done whole.
  const rows = csv({ rulesets, rows: 8_000, sep: ';', seed: 9 }).split('\n');
  const middle = Math.floor(rows.length / 2);
  const notes = Array.from({ length: 40_000 }, (_, i) => `catatan ${i}`).join('\n');
  rows[middle] = rows[middle].replace(/^\d+/, `"${notes}"`);
  const input = join(dir, 'catatan-panjang.csv');
  writeFileSync(input, rows.join('\n'));
  await expectTheCliFigures(page, input, 8_000);
});

test('a browser whose file streams take no BYOB reader still gives the CLI\'s figures', async ({ page, context }) => {
  // Safari before late 2025: the worker reads with FileReaderSync alone (worker/src/prefetch.rs).
  await context.route(/timbang-worker_loader\.js$/, async (route) => {
    const original = await (await route.fetch()).text();
    await route.fulfill({ contentType: 'text/javascript', body: `delete Blob.prototype.stream;\n${original}` });
  });
  const input = join(dir, 'tanpa-stream.csv');
  writeFileSync(input, csv({ rulesets, rows: 9_000, sep: ';', seed: 13, malformed: 4 }));
  await expectTheCliFigures(page, input, 9_000);
});

test('XLSX out and back in gives the same figures; English labels', async ({ page }) => {
  const input = join(dir, 'xlsx-source.csv');
  writeFileSync(input, csv({ rulesets, rows: 120, sep: ';', seed: 3 }));
  await openFileView(page);
  await pick(page, input);
  await run(page, 120);
  const first = JSON.parse(readFileSync(await download(page, 'Unduh ringkasan (JSON)', 'x1.json'), 'utf8'));
  const workbook = await download(page, 'Unduh hasil (XLSX)', 'hasil.xlsx');
  expect(readFileSync(workbook).subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'binary'));

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByLabel('Open a CSV or XLSX file').setInputFiles(workbook);
  await expect(page.getByRole('heading', { name: 'Which column answers which question' })).toBeVisible();
  await page.getByRole('button', { name: 'Classify every household' }).click();
  await expect(page.getByText(/^120 rows classified/)).toBeVisible();
  const second = JSON.parse(readFileSync(await download(page, 'Download summary (JSON)', 'x2.json'), 'utf8'));
  expect(second).toEqual(first);
});

test('a run can be cancelled, and the page answers while it runs', async ({ page }) => {
  test.setTimeout(120_000);
  const input = join(dir, 'besar.csv');
  await writeCsv(input, { rulesets, rows: 400_000, sep: ';', seed: 11 });
  await openFileView(page);
  await pick(page, input);
  await page.getByRole('button', { name: 'Hitung semua rumah tangga' }).click();
  // Cancelled at its first progress, with most of the file still to read (split among the workers
  // of a four-core machine, the whole run takes under a second).
  await expect(page.getByRole('progressbar')).toBeVisible();
  await page.getByRole('button', { name: 'Batalkan' }).click();
  await expect(page.getByText('Dibatalkan. Tidak ada yang berubah.')).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Hasil' })).toHaveCount(0);
  // A new run after a cancel starts new workers and finishes; the page stays usable while they
  // read: the language switch answers at once.
  await page.getByRole('button', { name: 'Hitung semua rumah tangga' }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Household file' })).toBeVisible();
  await expect(page.getByText(/^400,000 rows classified/)).toBeVisible({ timeout: 90_000 });
});

test('a file whose columns do not fit says which, before any row is read', async ({ page }) => {
  const input = join(dir, 'kurang.csv');
  writeFileSync(input, 'NIK;Kecamatan\n1;Bissappu\n');
  await openFileView(page);
  await pick(page, input);
  await expect(page.getByRole('alert')).toContainText('luas_lantai');
  await expect(page.getByRole('button', { name: 'Hitung semua rumah tangga' })).toBeDisabled();
});

test('the results are accessible and fit a 360 px phone screen', async ({ page }) => {
  const input = join(dir, 'telepon.csv');
  writeFileSync(input, csv({ rulesets, rows: 60, sep: ';', seed: 5, malformed: 2 }));
  await page.setViewportSize({ width: 360, height: 640 });
  await openFileView(page);
  await pick(page, input);
  await page.getByRole('checkbox', { name: 'Kecamatan' }).check();
  await run(page, 60);
  await page.locator('.transition-table td button').first().click();
  await page.locator('details.unassessable summary').first().click();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  const result = await new AxeBuilder({ page }).analyze();
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(serious).toEqual([]);
});
