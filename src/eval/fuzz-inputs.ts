/**
 * Seeded random and adversarial text inputs for robustness tests of text
 * parsers (the date normalizer first). Deterministic for a given seed.
 */

/**
 * mulberry32: a small, fast, seeded PRNG returning floats in [0, 1).
 *
 * @example
 * const rnd = seededRandom(42);
 * rnd() === seededRandom(42)() // true
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One generated input. */
export interface FuzzInput {
  /** What kind of input this is (for reports). */
  kind: string;
  text: string;
  lang: string;
  /** Reference instant, or null. */
  ref: string | null;
}

/** Word pools per script: date-ish words mixed with noise, so parsers get deep. */
const POOLS: Record<string, readonly string[]> = {
  arabic: ['اليوم', 'أمس', 'غدا', 'يوم', 'الاثنين', 'الخميس', 'الماضي', 'المقبل', 'ديسمبر', 'فبراير', 'كانون', 'الأول', 'العام', 'الجاري', 'الأسبوع', 'شهر', 'منذ', 'قال', 'الرئيس', 'في', 'من', 'هـ', '١٤٤١', '٢', 'ـــ', 'َ', 'ِ'],
  latin: ['today', 'Monday', 'Tuesday', 'last', 'next', 'week', 'March', 'May', 'may', 'December', 'Dec.', '2nd', '31st', 'of', 'the', 'in', 'on', 'since', 'until', 'ago', 'years', 'février', 'lundi', 'hoy', 'martes', 'de', 'Q3', 'H1', 'mid-', 'late', "'90s", '1990s'],
  cjk: ['年', '月', '日', '号', '星期一', '周二', '今天', '昨天', '明天', '上周', '下个月', '2019年', '12月', '2日', '一九四九年', '十月一日', '中', '国', '去年'],
  cyrillic: ['сегодня', 'вчера', 'понедельник', 'в', 'ноября', 'декабря', '2019', 'года', 'г.', 'прошлой', 'неделе', 'в среду', 'марта'],
  digits: ['2019', '12', '02', '31', '1', '0', '99', '2019-12-02', '02/12/2019', '12.02.2019', '15:30', '3 p.m.', '20:15', '1990', '0000', '9999', '10000', '٢٠١٩'],
  punct: ['(', ')', '[', ']', '{', '}', '«', '»', '"', "'", '-', '–', '—', '/', '.', ',', ':', ';', '،', '؛', '؟', '!', '?', '\n', '\t', '\u200f', '\u200b', '\ufeff', '…', '。', '，'],
};
const POOL_NAMES = Object.keys(POOLS);
const LANGS = ['ar', 'en', 'fr', 'es', 'ru', 'zh', 'de', 'und', 'xx'] as const;
const REFS = ['2019-12-02T20:15:00+08:00', '2020-02-29T23:59:00-05:00', '2000-01-01T00:00:00Z', null] as const;

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** A random mix of words from every script, numbers and punctuation, `words` tokens long. */
export function mixedScriptText(rnd: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const r = rnd();
    if (r < 0.1) out.push(String(Math.floor(rnd() * 10 ** (1 + Math.floor(rnd() * 6)))));
    else if (r < 0.15) out.push(String.fromCodePoint(Math.floor(rnd() * 0x2ffff)).replace(/[\ud800-\udfff]/g, '?'));
    else out.push(pick(rnd, POOLS[pick(rnd, POOL_NAMES)]!));
    out.push(rnd() < 0.7 ? ' ' : '');
  }
  return out.join('');
}

/** Random bytes decoded as latin1 (binary garbage, control characters included). */
export function binaryGarbage(rnd: () => number, bytes: number): string {
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) b[i] = Math.floor(rnd() * 256);
  return b.toString('latin1');
}

/** Repeats `unit` until the string is `length` code units long. */
export function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/**
 * Adversarial shapes that break naive regexes or recursive parsers, each about
 * 10k code units at most (digit runs of 10k, brackets nested 5k deep, …).
 *
 * @example
 * adversarialInputs(seededRandom(1)).map((x) => x.kind) // ['digits-10k', 'brackets-5k', ...]
 */
export function adversarialInputs(rnd: () => number): FuzzInput[] {
  const ref = '2019-12-02T20:15:00+08:00';
  const nested = (open: string, close: string, inner: string, depth: number) => open.repeat(depth) + inner + close.repeat(depth);
  const L = (kind: string, text: string, lang: string): FuzzInput => ({ kind, text, lang, ref });
  return [
    L('empty', '', 'en'),
    L('spaces', ' \n\t '.repeat(1000), 'ar'),
    L('digits-10k', '9'.repeat(10_000), 'en'),
    L('digits-10k-ar', repeatTo('٢٠١٩', 10_000), 'ar'),
    L('digits-dates-10k', repeatTo('2019-12-02', 10_000), 'en'),
    L('digits-slashes', repeatTo('12/', 10_000), 'en'),
    L('digits-colons', repeatTo('12:', 10_000), 'en'),
    L('digits-dots', repeatTo('1.', 10_000), 'ru'),
    L('digits-spaced', repeatTo('2 ', 10_000), 'ar'),
    L('brackets-5k', nested('(', ')', '2 December 2019', 5000), 'en'),
    L('brackets-5k-mixed', nested('([{«', '»}])', 'اليوم', 1250), 'ar'),
    L('brackets-5k-unbalanced', '('.repeat(5000) + 'Monday', 'en'),
    L('brackets-close-5k', ')'.repeat(5000) + 'Monday' + '('.repeat(5000), 'en'),
    L('today-nested-ar', nested('اليوم (', ')', 'الاثنين', 1250), 'ar'),
    L('today-nested-ar-open', 'اليوم ('.repeat(1430), 'ar'),
    L('months-repeated-en', 'December '.repeat(1110), 'en'),
    L('months-repeated-ar', 'ديسمبر '.repeat(1430), 'ar'),
    L('months-days-en', repeatTo('2 December 3 December ', 10_000), 'en'),
    L('weekday-chain-ar', 'يوم الاثنين '.repeat(830), 'ar'),
    L('weekday-chain-en', 'on Monday, '.repeat(910), 'en'),
    L('range-chain', repeatTo('2-3-4-5-', 10_000), 'en'),
    L('dash-chain', repeatTo('–', 10_000), 'en'),
    L('cjk-chain', repeatTo('2019年12月2日', 10_000), 'zh'),
    L('cjk-numerals', repeatTo('一九四九年十月', 10_000), 'zh'),
    L('cyrillic-chain', 'в среду 2 ноября '.repeat(590), 'ru'),
    L('tatweel', 'ديـــــــــ'.repeat(1000) + 'سمبر 2019', 'ar'),
    L('diacritics', repeatTo('َُِّْ', 10_000), 'ar'),
    L('rtl-marks', repeatTo('\u200f\u200e\u202b\u202c', 10_000), 'ar'),
    L('surrogates', repeatTo('😀𝟚𝟘𝟙𝟡', 10_000), 'en'),
    L('lone-surrogates', repeatTo('\ud800a\udc00', 10_000), 'en'),
    L('mixed-1k-words', mixedScriptText(rnd, 1000), pick(rnd, LANGS)),
  ];
}

/**
 * `n` seeded random inputs: mixed-script word soups of random length (0–400
 * words), occasional binary garbage, random language and reference.
 *
 * @example
 * randomInputs(seededRandom(7), 3).length // 3
 */
export function randomInputs(rnd: () => number, n: number): FuzzInput[] {
  const out: FuzzInput[] = [];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const lang = pick(rnd, LANGS);
    const ref = pick(rnd, REFS);
    if (r < 0.1) out.push({ kind: 'binary', text: binaryGarbage(rnd, Math.floor(rnd() * 4000)), lang, ref });
    else out.push({ kind: 'mixed', text: mixedScriptText(rnd, Math.floor(rnd() * 400)), lang, ref });
  }
  return out;
}

/** Impossible calendar dates that must not be reported as days; `valid` is the same date made real (day 28), for control. */
export const IMPOSSIBLE_DATES: ReadonlyArray<{ lang: string; text: string; date: string; valid: string }> = [
  { lang: 'ar', text: 'وقع الحادث في 31 فبراير 2019 حسب الشرطة.', date: '31 فبراير 2019', valid: '28 فبراير 2019' },
  { lang: 'en', text: 'The accident happened on February 30, 2019, police said.', date: 'February 30, 2019', valid: 'February 28, 2019' },
  { lang: 'fr', text: "L'accident a eu lieu le 30 février 2019, selon la police.", date: '30 février 2019', valid: '28 février 2019' },
  { lang: 'ru', text: 'Авария произошла 31 ноября 2019 года, сообщила полиция.', date: '31 ноября 2019', valid: '28 ноября 2019' },
  { lang: 'en', text: 'The deal was signed on 2019-02-29.', date: '2019-02-29', valid: '2019-02-28' },
  { lang: 'en', text: 'The deal was signed on April 31, 2021.', date: 'April 31, 2021', valid: 'April 28, 2021' },
  { lang: 'es', text: 'El acuerdo se firmó el 31 de junio de 2019.', date: '31 de junio de 2019', valid: '28 de junio de 2019' },
  { lang: 'zh', text: '协议于2019年2月30日签署。', date: '2019年2月30日', valid: '2019年2月28日' },
];
