// Shared steps of the end-to-end tests: read a shipped rule set, and answer its questions the way a
// person does (by the question's visible label).
import { expect, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Lang = 'id' | 'en';
type Text = { id: string; en: string };
type Question = { id: string; label: Text; type: 'yes_no' | 'number' | 'choice'; required?: boolean; money?: boolean };
export type RuleSet = {
  id: string;
  name: Text;
  version: string;
  questions: Question[];
  clusters: { id: string; label: Text }[];
  classes: { id: string; label: Text }[];
  tests: { name: Text; cluster: string; answers: Record<string, unknown>; expect: string }[];
};

export const root = join(__dirname, '..', '..');

export function shipped(file: string): RuleSet {
  return JSON.parse(readFileSync(join(root, 'rulesets', file), 'utf8'));
}

export function shippedText(file: string): string {
  return readFileSync(join(root, 'rulesets', file), 'utf8');
}

const optional: Record<Lang, string> = { id: ' (boleh dikosongkan)', en: ' (optional)' };
const yesNo: Record<Lang, [string, string]> = { id: ['Ya', 'Tidak'], en: ['Yes', 'No'] };

/** The accessible name of a question's control. */
export function questionName(q: Question, lang: Lang): string {
  return q.label[lang] + (q.required === false ? optional[lang] : '');
}

/** Answers one question through its labelled control. */
export async function answer(page: Page, rules: RuleSet, id: string, value: unknown, lang: Lang = 'id') {
  const q = rules.questions.find((x) => x.id === id);
  if (!q) throw new Error(`no question ${id}`);
  const name = questionName(q, lang);
  if (q.type === 'yes_no') {
    const group = page.getByRole('group', { name, exact: true });
    await group.getByRole('radio', { name: yesNo[lang][value ? 0 : 1], exact: true }).check();
  } else if (q.type === 'choice') {
    await page.getByLabel(name, { exact: true }).selectOption(String(value));
  } else {
    await page.getByLabel(name, { exact: true }).fill(String(value));
  }
}

/** Picks a cluster by its label. */
export async function pickCluster(page: Page, rules: RuleSet, cluster: string, lang: Lang = 'id') {
  const c = rules.clusters.find((x) => x.id === cluster);
  if (!c) throw new Error(`no cluster ${cluster}`);
  if (rules.clusters.length > 1) {
    await page.getByRole('radio', { name: new RegExp('^' + escapeRe(c.label[lang])) }).check();
  }
}

/** Answers every question of a test household and checks the class shown. */
export async function answerHousehold(page: Page, rules: RuleSet, index: number, lang: Lang = 'id') {
  const t = rules.tests[index];
  await pickCluster(page, rules, t.cluster, lang);
  for (const [id, value] of Object.entries(t.answers)) {
    await answer(page, rules, id, value, lang);
  }
  return classLabel(rules, t.expect, lang);
}

export function classLabel(rules: RuleSet, id: string, lang: Lang): string {
  const c = rules.classes.find((x) => x.id === id);
  if (!c) throw new Error(`no class ${id}`);
  return c.label[lang];
}

export async function expectClass(page: Page, label: string) {
  await expect(page.getByTestId('class')).toContainText(label);
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
