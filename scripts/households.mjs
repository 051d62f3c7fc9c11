// Generated household files for the end-to-end tests and the batch benchmark: the columns of a social
// registry export (NIK, kecamatan, desa, a cluster column) plus one column per question of the given
// rule sets, with headers written the way registries write them ("LUAS LANTAI", "Jenis_Lantai"), answers
// as option labels or ids, decimal commas in `;` files, and optionally a few malformed rows.
// Deterministic for a seed. No data is committed: every run writes its own file.
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

/** A small deterministic random generator (mulberry32). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const kecamatan = {
  pesisir: ['Bissappu', 'Pa\'jukukang', 'Bantaeng'],
  dataran_rendah: ['Gantarangkeke', 'Tompobulu', 'Sinoa'],
  pegunungan: ['Uluere', 'Eremerasa'],
};

/** The union of the rule sets' questions, first rule set first. */
export function questions(rulesets) {
  const seen = new Map();
  for (const r of rulesets) for (const q of r.questions) if (!seen.has(q.id)) seen.set(q.id, q);
  return [...seen.values()];
}

/** How a registry might head the column of question `q` (matched by the app without regard to case). */
function header(q, i) {
  const words = q.id.split('_');
  return i % 3 === 0 ? words.join(' ').toUpperCase() : i % 3 === 1 ? words.map((w) => w[0].toUpperCase() + w.slice(1)).join('_') : q.id;
}

function number(q, rnd, comma) {
  const lo = q.min ?? 0;
  const hi = q.max ?? (q.id.includes('penghasilan') || q.id.includes('tabungan') ? 3_000_000 : q.id.includes('lahan') ? 8000 : 120);
  if (q.integer) return String(Math.floor(lo + rnd() * (Math.min(hi, lo + 60) - lo + 1)));
  const v = (lo + rnd() * (hi - lo)).toFixed(1);
  return comma ? v.replace('.', ',') : v;
}

function answer(q, rnd, comma, i) {
  switch (q.type) {
    case 'yes_no':
      return rnd() < 0.5 ? 'Ya' : 'Tidak';
    case 'choice': {
      const o = q.options[Math.floor(rnd() * q.options.length)];
      return i % 2 === 0 ? o.label.id : o.id;
    }
    default:
      return number(q, rnd, comma);
  }
}

function field(text, sep) {
  return text.includes(sep) || text.includes('"') ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Rows of a household file, as lines (header first). Options: rulesets (parsed JSON), rows, sep
 * (';' or ','), seed, malformed (how many bad rows to put at evenly spaced lines), bom.
 */
export function* lines({ rulesets, rows, sep = ';', seed = 1, malformed = 0, bom = false }) {
  const rnd = random(seed);
  const comma = sep === ';';
  const qs = questions(rulesets);
  const clusters = rulesets.find((r) => r.clusters.length > 1)?.clusters ?? rulesets[0].clusters;
  const head = ['NIK', 'Kecamatan', 'Desa', 'Klaster', ...qs.map(header)];
  yield (bom ? '\uFEFF' : '') + head.map((h) => field(h, sep)).join(sep);
  const every = malformed > 0 ? Math.max(1, Math.floor(rows / malformed)) : 0;
  for (let n = 0; n < rows; n++) {
    const c = clusters[Math.floor(rnd() * clusters.length)];
    const kec = kecamatan[c.id] ?? ['Semua'];
    const k = kec[Math.floor(rnd() * kec.length)];
    const cells = [
      String(7303000000000000 + n),
      k,
      `Desa ${1 + Math.floor(rnd() * 4)}`,
      c.label.id,
      ...qs.map((q, i) => answer(q, rnd, comma, i)),
    ];
    if (every > 0 && n % every === every - 1) {
      const kind = Math.floor(n / every) % 3;
      if (kind === 0) cells.pop(); // a field short
      else if (kind === 1) cells[4] = 'abc'; // not a number
      else cells[3] = 'Kutub'; // no such cluster
    }
    yield cells.map((x) => field(x, sep)).join(sep);
  }
}

/** The whole file as one string. */
export function csv(options) {
  return [...lines(options)].join('\n') + '\n';
}

/** Writes the file at `path` in large chunks (a million rows take a few seconds). */
export async function writeCsv(path, options) {
  const out = createWriteStream(path);
  let chunk = [];
  for (const line of lines(options)) {
    chunk.push(line);
    if (chunk.length === 20000) {
      if (!out.write(chunk.join('\n') + '\n')) await once(out, 'drain');
      chunk = [];
    }
  }
  out.write(chunk.length ? chunk.join('\n') + '\n' : '');
  out.end();
  await once(out, 'finish');
}

/**
 * The benchmarks' file (scripts/bench-batch.mjs, scripts/bench-wasm-ops.sh): `rows` households under
 * the Bantaeng and BPS rule sets of the repository at `root`, `;`, seed 42, written into `dir` once and
 * reused. Gives its path. (`root` is given, not found from `import.meta`: the end-to-end tests load
 * this module through Playwright's CommonJS transform, which has no `import.meta`.)
 */
export async function benchFile(root, dir, rows) {
  const rulesets = ['bantaeng-draft.json', 'bps-14.json'].map((f) => JSON.parse(readFileSync(join(root, 'rulesets', f), 'utf8')));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `households-2variants-${rows}.csv`);
  if (!existsSync(path)) {
    process.stderr.write(`[bench] generating ${rows.toLocaleString('en')} households into ${path}\n`);
    await writeCsv(path, { rulesets, rows, sep: ';', seed: 42 });
  }
  return path;
}
