#!/usr/bin/env node
// Benchmark of a household file classified in the browser (a script that prints figures, not a test):
// HOUSEHOLDS (default 1,000,000) generated households under two variants, Bantaeng (reference) and the
// BPS 14 criteria, in headless Chromium against the release build in dist/. Prints, per run and as
// medians: the whole batch (start click -> figures shown, and the app's own count from its start to the
// worker's reply), the peak memory while it runs, and the longest main-thread task (Long Tasks API; the
// aim is none over 50 ms). Memory is the proportional set size (PSS: private pages plus a fair share of
// shared ones) of the renderer process that runs the page and its worker (the largest renderer), and, as
// an upper bound, the resident sets of every renderer process added up (it counts other tabs' processes
// and the shared libraries once per process).
// Usage: scripts/bench-batch.mjs   (env: HOUSEHOLDS, RUNS, BENCH_DIR, TIMBANG_DIST; needs `trunk build --release`;
// TRACE=file.json saves a Chrome trace of each batch, with WebAssembly compilation, to see where the time goes)
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { benchFile } from './households.mjs';
import { within } from './within.mjs';

const root = new URL('..', import.meta.url).pathname;
const households = Number(process.env.HOUSEHOLDS ?? 1_000_000);
const runs = Number(process.env.RUNS ?? 3);
const dir = process.env.BENCH_DIR ?? join(tmpdir(), 'timbang-bench');
const port = 4191;
const say = (s) => process.stderr.write(`[bench] ${s}\n`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const input = await benchFile(root, dir, households);
say(`file: ${(statSync(input).size / 1e6).toFixed(1)} MB`);

/** The process ids of every Chromium renderer process. */
function rendererPids() {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmd.includes('chromium') && cmd.includes('--type=renderer');
    } catch { return false; /* the process ended */ }
  });
}

/** Memory (bytes) of the processes `pids`: resident set and proportional set size. */
function memory(pids) {
  const out = [];
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) * 1024;
      out.push({ rss: kb('Rss'), pss: kb('Pss') });
    } catch { /* the process ended */ }
  }
  return out;
}

/** Peaks so far: the largest renderer's PSS (the page and its worker) and all renderers' RSS added up. */
function sample(peak, pids) {
  const all = memory(pids);
  peak.pss = Math.max(peak.pss, ...all.map((p) => p.pss));
  peak.rss = Math.max(peak.rss, all.reduce((t, p) => t + p.rss, 0));
}

const dist = process.env.TIMBANG_DIST ?? join(root, 'dist');
const server = spawn('node', [join(root, 'tests/e2e/serve.mjs'), dist, String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 300));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
});
const walls = [], apps = [], peaks = [], sums = [], longest = [];
try {
  for (let run = 1; run <= runs; run++) {
    const context = await browser.newContext({ locale: 'id-ID' });
    const page = await context.newPage();
    await page.addInitScript(() => {
      // The end of a batch is watched from inside the page: Playwright's text locators poll the whole
      // document every frame, and that polling showed in the page's own main-thread tasks (about 200 ms
      // of text matching over one run, in a trace).
      // Resolves with what ended the run: the figures' last section drawn, or an error shown.
      window.__drawn = new Promise((resolve) => {
        new MutationObserver((_, observer) => {
          const drawn = document.querySelector('.file-results table.transition-table');
          const failed = document.querySelector('.household-file .error');
          if (drawn || failed) {
            observer.disconnect();
            resolve(drawn ? 'drawn' : `failed: ${failed.textContent}`);
          }
        }).observe(document, { childList: true, subtree: true });
      });
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`http://127.0.0.1:${port}/timbang/`);
    await page.getByRole('button', { name: 'Berkas rumah tangga' }).click();
    await page.getByLabel('Buka berkas CSV atau XLSX').setInputFiles(input);
    const start = page.getByRole('button', { name: 'Hitung semua rumah tangga' });
    await start.waitFor();
    // The renderers are found once, before the click: looking through every process each time, as
    // this did at first, took a fifth to two fifths of a core from the run it measured (`top`).
    // Their memory grows steadily through a run, so a sample every 100 ms finds its peak.
    const pids = rendererPids();
    const peak = { pss: 0, rss: 0 };
    sample(peak, pids);
    const sampler = setInterval(() => sample(peak, pids), 100);
    const t0 = await page.evaluate(() => performance.now());
    const wall0 = Date.now();
    if (process.env.TRACE) await browser.startTracing(page, { path: process.env.TRACE, categories: ['devtools.timeline', 'v8', 'blink', 'v8.wasm', 'disabled-by-default-v8.wasm.turbofan', 'disabled-by-default-v8.wasm.detailed', 'disabled-by-default-v8.cpu_profiler'] });
    await start.click();
    // The figures are drawn a section at a time; the last is the transition table. The wall ends when
    // it is in the document (before, when a polled frame showed it).
    const ended = await within(page.evaluate(() => window.__drawn), 600_000, 'no figures after 10 minutes');
    if (ended !== 'drawn') throw new Error(`run ${run}: ${ended}`);
    const wall = Date.now() - wall0;
    const done = page.getByText(/baris dihitung dalam/);
    if (process.env.TRACE) await browser.stopTracing();
    clearInterval(sampler);
    sample(peak, pids);
    const text = await done.innerText();
    const app = Number(/dalam ([\d,]+) detik/.exec(text)?.[1]?.replace(',', '.') ?? NaN) * 1000;
    const tasks = await page.evaluate((from) => window.__longTasks.filter((t) => t.start >= from), t0);
    const maxTask = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
    say(`run ${run}: ${text.trim()} | wall ${wall} ms | page's renderer PSS peak ${(peak.pss / 2 ** 20).toFixed(0)} MiB (all renderers' RSS ${(peak.rss / 2 ** 20).toFixed(0)} MiB) | main-thread tasks over 50 ms: ${tasks.length} (longest ${maxTask.toFixed(0)} ms)`);
    walls.push(wall); apps.push(app); peaks.push(peak.pss); sums.push(peak.rss); longest.push(maxTask);
    await context.close();
  }
  console.log(`households: ${households.toLocaleString('en')} x 2 variants (bantaeng-draft, bps-14), ${runs} runs`);
  console.log(`batch, click -> figures shown: median ${median(walls)} ms (${Math.round(households / median(walls) * 1000).toLocaleString('en')} households/s)`);
  console.log(`batch, app's own timer: median ${median(apps).toFixed(0)} ms`);
  console.log(`peak memory of the page's renderer process (page + worker, PSS): median ${(median(peaks) / 2 ** 20).toFixed(0)} MiB`);
  console.log(`peak resident memory of all renderer processes added up (upper bound): median ${(median(sums) / 2 ** 20).toFixed(0)} MiB`);
  console.log(`longest main-thread task during the batch: median ${median(longest).toFixed(0)} ms (0 = none over 50 ms)`);
} finally {
  await browser.close();
  server.kill();
}
