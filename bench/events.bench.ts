/**
 * `npm run bench:events`: speed of normalize + extract on ~4 KB stories, one
 * core (one process, one thread), against the issue's target of 2 ms or less
 * per story on average. Each story is one of the project's own samples/
 * followed by wire-style paragraphs written for this bench in the same
 * language, up to 4 KB of UTF-8. Times are the process's CPU time per story
 * (steady when other work shares the machine), with wall-clock time
 * alongside. A baseline measured in the same run (NFKC + lowercase + a
 * word-tokenizing regex over the same text) gives a ratio that is steadier
 * across machines than the milliseconds. Also reports the extractor alone on
 * pre-normalized stories. Writes bench/results/events-<YYYY-MM-DD>.json.
 *
 * Options: --min-seconds <s> (timed work per measure, default 3), --no-write, --quick (0.5 s, no write).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../src/eval/run-dates-cli.js';
import { storyFromText } from '../src/feeds/local-input.js';
import { extractEvents } from '../src/stages/extract-events.js';
import { normalizeStory } from '../src/stages/normalize-story.js';
import type { NormalizedStory, Story } from '../src/types.js';
import { writeBenchResult } from './lib/results.js';
import { percentile, table } from './lib/stats.js';

const TARGET_MS = 2;
/** A "4 KB story": 4096 bytes of UTF-8 (about 4,000 Latin characters, 2,200 Arabic or Cyrillic, 1,400 Chinese). */
const STORY_BYTES = 4096;

/** Wire-style paragraphs written for this bench (not agency copy), per language. */
const FILLER: Record<string, string[]> = {
  en: [
    'The two sides exchanged views on trade, energy and regional security, officials said after the talks, which lasted more than three hours.',
    'Earlier on Tuesday, the foreign ministers of both countries held a separate round of consultations and signed a memorandum of understanding on customs cooperation.',
    'Analysts said the visit was expected to deepen economic ties, although no new agreement on the pipeline was announced. Trade between the two countries rose 12 percent last year.',
    'A spokesperson for the ministry told reporters on Wednesday that the next meeting of the joint commission would be held in the capital in the autumn.',
    'Meanwhile, heavy rain caused flooding in several southern provinces over the weekend, and the government said it would send aid to the affected areas.',
    'Protesters gathered outside parliament on Monday to demand higher wages, and police said the demonstration ended peacefully in the evening.',
  ],
  ar: [
    'وتبادل الجانبان وجهات النظر حول التجارة والطاقة والأمن الإقليمي، حسبما ذكر مسؤولون عقب المحادثات التي استمرت أكثر من ثلاث ساعات.',
    'وفي وقت سابق اليوم، عقد وزيرا خارجية البلدين جولة منفصلة من المشاورات ووقعا مذكرة تفاهم بشأن التعاون الجمركي.',
    'وقال محللون إن الزيارة من المتوقع أن تعمق العلاقات الاقتصادية، رغم عدم الإعلان عن اتفاق جديد بشأن خط الأنابيب. وارتفع حجم التجارة بين البلدين بنسبة 12 في المائة العام الماضي.',
    'وأعلن متحدث باسم الوزارة يوم الأربعاء أن الاجتماع المقبل للجنة المشتركة سيعقد في العاصمة في الخريف.',
    'ومن جهة أخرى، تسببت الأمطار الغزيرة في حدوث فيضانات في عدة محافظات جنوبية خلال عطلة نهاية الأسبوع، وقالت الحكومة إنها سترسل مساعدات إلى المناطق المتضررة.',
  ],
  es: [
    'Ambas partes intercambiaron opiniones sobre comercio, energía y seguridad regional, según informaron fuentes oficiales tras las conversaciones, que duraron más de tres horas.',
    'Horas antes, los ministros de Exteriores de los dos países celebraron una ronda de consultas y firmaron un memorando de entendimiento sobre cooperación aduanera.',
    'Los analistas señalaron que la visita podría estrechar los lazos económicos, aunque no se anunció ningún acuerdo nuevo. El comercio bilateral creció un 12 por ciento el año pasado.',
    'Un portavoz del ministerio dijo el miércoles que la próxima reunión de la comisión mixta se celebrará en la capital en otoño.',
    'Mientras tanto, las fuertes lluvias provocaron inundaciones en varias provincias del sur durante el fin de semana, y el Gobierno anunció el envío de ayuda.',
  ],
  fr: [
    'Les deux parties ont échangé leurs points de vue sur le commerce, l’énergie et la sécurité régionale, selon des responsables, à l’issue d’entretiens de plus de trois heures.',
    'Plus tôt mardi, les ministres des Affaires étrangères des deux pays ont tenu une série de consultations et signé un protocole d’accord sur la coopération douanière.',
    'Selon des analystes, la visite devrait renforcer les liens économiques, même si aucun nouvel accord n’a été annoncé. Les échanges bilatéraux ont progressé de 12 % l’an dernier.',
    'Un porte-parole du ministère a déclaré mercredi que la prochaine réunion de la commission mixte se tiendrait dans la capitale à l’automne.',
    'Par ailleurs, de fortes pluies ont provoqué des inondations dans plusieurs provinces du sud ce week-end, et le gouvernement a promis une aide aux sinistrés.',
  ],
  ru: [
    'Стороны обменялись мнениями о торговле, энергетике и региональной безопасности, сообщили официальные лица по итогам переговоров, которые длились более трех часов.',
    'Ранее во вторник министры иностранных дел двух стран провели отдельный раунд консультаций и подписали меморандум о таможенном сотрудничестве.',
    'По мнению аналитиков, визит должен укрепить экономические связи, хотя о новом соглашении по трубопроводу объявлено не было. Товарооборот вырос на 12 процентов в прошлом году.',
    'Представитель министерства заявил в среду, что следующее заседание совместной комиссии состоится в столице осенью.',
    'Тем временем сильные дожди вызвали наводнение в нескольких южных провинциях в выходные, и правительство пообещало направить помощь.',
  ],
  zh: [
    '双方就贸易、能源和地区安全等问题交换了意见。据官员介绍，会谈持续了三个多小时。',
    '当天早些时候，两国外长举行了单独磋商，并签署了海关合作谅解备忘录。',
    '分析人士认为，此访有望深化双方经济联系，但双方没有宣布新的管道协议。去年两国贸易额增长12%。',
    '外交部发言人周三在例行记者会上表示，联合委员会下次会议将于秋季在首都举行。',
    '另据报道，周末强降雨导致南方多个省份发生洪灾，政府表示将向受灾地区提供援助。',
  ],
};

interface BenchStory {
  id: string;
  lang: string;
  story: Story;
}

/** One ~4 KB story per sample: the sample, then this language's paragraphs, cycled. */
function buildStories(): BenchStory[] {
  const dir = join(REPO_ROOT, 'samples');
  const out: BenchStory[] = [];
  for (const f of readdirSync(dir).filter((x) => /^[a-z]{2}-\d{4}-\d{2}-\d{2}-.*\.txt$/.test(x)).sort()) {
    const lang = f.slice(0, 2);
    const paras = FILLER[lang];
    if (!paras) continue;
    let text = readFileSync(join(dir, f), 'utf8').trim();
    for (let i = 0; Buffer.byteLength(text, 'utf8') < STORY_BYTES; i++) text += '\n' + paras[i % paras.length]!;
    const published = `${f.slice(3, 13)}T12:00:00+00:00`;
    out.push({ id: f, lang, story: storyFromText({ text, id: f, title: null, url: null, lang, published, source: 'sample' }) });
  }
  return out;
}

/** The baseline: read the text once (NFKC, lowercase, word tokens). */
function baseline(s: Story): number {
  const t = s.text.normalize('NFKC').toLowerCase();
  let n = 0;
  for (const _ of t.matchAll(/[\p{L}\p{N}]+/gu)) n++;
  return n;
}

interface Measure {
  stories: number;
  /** Process CPU time per story (user + system): what this code costs, whatever else the machine runs. */
  meanMs: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
  /** Wall-clock time per story: also counts time the process waited for a core. */
  wallMeanMs: number;
  wallP99Ms: number;
}

/** Times `run` over every story, whole passes, until `minSeconds` of timed CPU work. */
function measure<T>(items: readonly T[], run: (x: T) => unknown, minSeconds: number): Measure {
  // warm-up: at least 30 passes and half a second, so the JIT has settled
  const w0 = performance.now();
  for (let i = 0; i < 30 || performance.now() - w0 < 500; i++) for (const x of items) run(x);
  const cpu: number[] = [];
  const wall: number[] = [];
  let total = 0;
  let wallTotal = 0;
  while (total < minSeconds * 1000) {
    for (const x of items) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      run(x);
      const dt = performance.now() - t0;
      const cu = process.cpuUsage(c0);
      const dc = (cu.user + cu.system) / 1000;
      cpu.push(dc);
      wall.push(dt);
      total += dc;
      wallTotal += dt;
    }
  }
  cpu.sort((a, b) => a - b);
  const r = (x: number) => +x.toFixed(4);
  return {
    stories: cpu.length,
    meanMs: r(total / cpu.length),
    medianMs: r(percentile(cpu, 50) ?? 0),
    p99Ms: r(percentile(cpu, 99) ?? 0),
    maxMs: r(cpu[cpu.length - 1]!),
    wallMeanMs: r(wallTotal / wall.length),
    wallP99Ms: r(percentile(wall, 99) ?? 0),
  };
}

function main(): void {
  const { values } = parseArgs({ options: { 'min-seconds': { type: 'string' }, 'no-write': { type: 'boolean' }, quick: { type: 'boolean' } } });
  // --quick (from `npm run bench -- --quick`): a short smoke run that keeps the stored results.
  if (values.quick) values['no-write'] = true;
  const minSeconds = Number(values['min-seconds'] ?? (values.quick ? 0.5 : 3));
  const stories = buildStories();
  const chars = stories.map((s) => s.story.text.length);
  const bytes = stories.map((s) => Buffer.byteLength(s.story.text, 'utf8'));
  const events = stories.reduce((n, s) => n + extractEvents(normalizeStory(s.story)).length, 0);
  console.log(
    `corpus: ${stories.length} stories (${[...new Set(stories.map((s) => s.lang))].sort().join(', ')}), ` +
      `${Math.min(...bytes)}–${Math.max(...bytes)} bytes of UTF-8 (${Math.min(...chars)}–${Math.max(...chars)} characters) each, ${events} events in all; one process, one thread`,
  );
  // settle the JIT on the whole mix first (both stages, every language)
  const w0 = performance.now();
  while (performance.now() - w0 < 1500) for (const s of stories) extractEvents(normalizeStory(s.story));
  const full = measure(stories, (s) => extractEvents(normalizeStory(s.story)), minSeconds);
  const pre: NormalizedStory[] = stories.map((s) => normalizeStory(s.story));
  const extractOnly = measure(pre, (n) => extractEvents(n), minSeconds);
  const base = measure(stories, (s) => baseline(s.story), minSeconds);
  const byLang: Record<string, Measure> = {};
  for (const lang of [...new Set(stories.map((s) => s.lang))].sort()) {
    byLang[lang] = measure(
      stories.filter((s) => s.lang === lang),
      (s) => extractEvents(normalizeStory(s.story)),
      Math.max(0.3, minSeconds / 6),
    );
  }
  const ratio = +(full.meanMs / base.meanMs).toFixed(1);
  const f = (x: number) => x.toFixed(3);
  console.log('\nms per story after warm-up: CPU time of this process (wall clock alongside)');
  const row = (name: string, m: Measure) => [name, String(m.stories), f(m.meanMs), f(m.medianMs), f(m.p99Ms), f(m.maxMs), f(m.wallMeanMs), f(m.wallP99Ms)];
  console.log(
    table([
      ['measure', 'stories', 'mean', 'median', 'p99', 'max', 'wall mean', 'wall p99'],
      row('normalize+extract', full),
      row('extract only', extractOnly),
      row('baseline (tokenize)', base),
      ...Object.entries(byLang).map(([l, m]) => row(`  ${l}: normalize+extract`, m)),
    ]),
  );
  console.log(
    `\ntarget: mean ≤ ${TARGET_MS} ms per ~4 KB story → ${full.meanMs <= TARGET_MS ? 'met' : 'NOT met'} ` +
      `(CPU mean ${f(full.meanMs)} ms, p99 ${f(full.p99Ms)} ms; wall mean ${f(full.wallMeanMs)} ms); ` +
      `normalize+extract / baseline = ${ratio}× (CPU means)`,
  );
  const load = loadavg()[0]!;
  if (load > cpus().length) console.log(`note: load average ${load.toFixed(1)} on ${cpus().length} cores: other work shares the machine; figures are noisy`);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? null, node: process.version, loadAverage: loadavg()[0] },
    corpus: { stories: stories.length, minBytes: Math.min(...bytes), maxBytes: Math.max(...bytes), minChars: Math.min(...chars), maxChars: Math.max(...chars), events },
    targetMs: TARGET_MS,
    normalizeExtract: full,
    extractOnly,
    baseline: base,
    ratioToBaseline: ratio,
    byLang,
  };
  if (!values['no-write']) console.log(`\nwrote ${writeBenchResult(`events-${result.date.slice(0, 10)}.json`, result)}`);
}

main();
