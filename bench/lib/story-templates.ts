/**
 * Synthetic multilingual wire stories for the benchmarks and fault tests,
 * generated from the templates in bench/templates/<lang>.yaml with persons
 * and places from the project's own gazetteer (config/gazetteer/), so the
 * real extractor finds real participants, places and dates in them.
 * Deterministic for a given seed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { contentHashOf, storyIdFor } from '../../src/feeds/identity.js';
import { seededRandom } from '../../src/eval/fuzz-inputs.js';
import type { Story } from '../../src/types.js';

export const BENCH_LANGS = ['ar', 'en', 'zh', 'fr', 'es', 'ru'] as const;
type BenchLang = (typeof BENCH_LANGS)[number];

const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));
const GAZETTEER_DIR = fileURLToPath(new URL('../../config/gazetteer/', import.meta.url));

interface LangTemplates {
  lang: BenchLang;
  /** When the gazetteer has no form in this language, its English canonical name stands in (same script). */
  canonicalFallback?: boolean;
  /** Places always by their canonical name (places.yaml's forms in this language are variants). */
  canonicalPlaces?: boolean;
  months: string[];
  dateline: string;
  agencies: string[];
  leads: string[];
  body: string[];
}

interface GazPerson {
  name: string;
  aliases?: Partial<Record<string, string[]>>;
}
interface GazPlace {
  name: string;
  names?: Partial<Record<string, string[]>>;
}

/** Everything generation needs, loaded once. */
export interface StoryFactory {
  templates: Record<BenchLang, LangTemplates>;
  persons: Record<BenchLang, string[]>;
  places: Record<BenchLang, string[]>;
}

/** Loads the templates and the gazetteer names usable in each language. */
export function loadStoryFactory(): StoryFactory {
  const templates = {} as Record<BenchLang, LangTemplates>;
  const persons = {} as Record<BenchLang, string[]>;
  const places = {} as Record<BenchLang, string[]>;
  const ents = parse(readFileSync(GAZETTEER_DIR + 'entities.yaml', 'utf8')) as { persons: GazPerson[] };
  const pls = parse(readFileSync(GAZETTEER_DIR + 'places.yaml', 'utf8')) as { places: GazPlace[] };
  for (const lang of BENCH_LANGS) {
    const t = (templates[lang] = parse(readFileSync(`${TEMPLATES_DIR}${lang}.yaml`, 'utf8')) as LangTemplates);
    // A name is usable in a language when the gazetteer has a form for it, or the template says the canonical one will do.
    const canonical = (name: string) => (t.canonicalFallback ? name : undefined);
    persons[lang] = ents.persons.map((p) => p.aliases?.[lang]?.[0] ?? canonical(p.name)).filter((x): x is string => !!x);
    places[lang] = pls.places
      .map((p) => (t.canonicalPlaces ? p.name : p.names?.[lang]?.[0] ?? canonical(p.name)))
      .filter((x): x is string => !!x);
  }
  return { templates, persons, places };
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

function fill(tpl: string, vars: Record<string, string>): string {
  return tpl.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

/**
 * The i-th synthetic story of a seeded sequence: language round-robin over
 * ar/en/zh/fr/es/ru, a random pair of gazetteer persons, a random place and a
 * random day in 2010–2024, a lead sentence and 8–12 body sentences
 * (≈ 1–2.5 k characters, like a real wire story).
 *
 * @example
 * const f = loadStoryFactory();
 * benchStory(f, 7, 1).lang // 'en'
 */
export function benchStory(f: StoryFactory, i: number, seed: number, runTag = 'bench'): Story {
  const rnd = seededRandom((seed * 1_000_003 + i) >>> 0);
  const lang = BENCH_LANGS[i % BENCH_LANGS.length]!;
  const t = f.templates[lang];
  const host = pick(rnd, f.persons[lang]);
  let guest = pick(rnd, f.persons[lang]);
  if (guest === host) guest = f.persons[lang][(f.persons[lang].indexOf(host) + 1) % f.persons[lang].length]!;
  const city = pick(rnd, f.places[lang]);
  const year = 2010 + Math.floor(rnd() * 15);
  const month0 = Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * 28);
  const vars = {
    host,
    guest,
    city,
    CITY: city.toLocaleUpperCase(lang),
    month: t.months[month0]!,
    day: String(day),
    year: String(year),
    agency: pick(rnd, t.agencies),
  };
  const body = [...t.body];
  const nBody = 8 + Math.floor(rnd() * 5);
  const sentences: string[] = [];
  for (let k = 0; k < nBody && body.length; k++) sentences.push(body.splice(Math.floor(rnd() * body.length), 1)[0]!);
  const sep = lang === 'zh' ? '' : ' ';
  const paragraphs = [fill(t.dateline, vars) + fill(pick(rnd, t.leads), vars)];
  for (let k = 0; k < sentences.length; k += 3) paragraphs.push(sentences.slice(k, k + 3).join(sep));
  const text = paragraphs.join('\n');
  const title = `${host} / ${guest} (${runTag} ${i})`;
  const url = `https://bench.invalid/${runTag}/${lang}/${i}`;
  const contentHash = contentHashOf(title, text);
  const published = `${year}-${String(month0 + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00:00Z`;
  return {
    id: storyIdFor({ url, contentHash }),
    feedId: null,
    url,
    guid: null,
    title,
    published,
    publishedRaw: published,
    lang,
    text,
    contentHash,
    source: 'file',
  };
}

/** `n` stories starting at index `from`. */
export function benchStories(f: StoryFactory, n: number, seed: number, runTag = 'bench', from = 0): Story[] {
  const out: Story[] = [];
  for (let i = from; i < from + n; i++) out.push(benchStory(f, i, seed, runTag));
  return out;
}
