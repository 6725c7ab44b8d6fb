import { readDataYaml } from '../data-files.js';
/**
 * Language detection by script and stopwords (ar, en, zh, fr, es, ru; 'und' otherwise).
 */

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function loadStopwords(): Record<string, Set<string>> {
  const raw = readDataYaml<Record<string, unknown>>(join(dirname(fileURLToPath(import.meta.url)), 'data', 'stopwords.yaml'));
  const out: Record<string, Set<string>> = {};
  for (const [lang, list] of Object.entries(raw ?? {})) if (Array.isArray(list)) out[lang] = new Set(list.map(String));
  return out;
}

const STOPWORDS = loadStopwords();

/**
 * The language of `text`: 'ar', 'zh', 'ru' by script; 'en', 'fr', 'es' by stopwords; else 'und'.
 *
 * @example
 * detectLanguage('قال الرئيس الصيني')        // 'ar'
 * detectLanguage('The talks will resume')    // 'en'
 * detectLanguage('12345')                    // 'und'
 */
export function detectLanguage(text: string): string {
  if (typeof text !== 'string' || !text) return 'und';
  const sample = text.slice(0, 5000);
  const { ar, han, kana, cyr, lat } = countScripts(sample);
  const max = Math.max(ar, han, cyr, lat);
  if (max === 0) return 'und';
  if (max === ar) return 'ar';
  if (max === han) return kana > han / 4 ? 'und' : 'zh';
  if (max === cyr) return 'ru';
  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  let best = 'und';
  let bestScore = 0;
  for (const [lang, set] of Object.entries(STOPWORDS)) {
    let score = 0;
    for (const w of words) if (set.has(w)) score++;
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  return bestScore >= 1 ? best : 'und';
}

/** The script a language is written in, for the languages whose script tells them apart. */
const SCRIPT_OF: Record<string, 'arabic' | 'han' | 'cyrillic'> = {
  ar: 'arabic', fa: 'arabic', ur: 'arabic', ps: 'arabic',
  zh: 'han', ja: 'han',
  ru: 'cyrillic', uk: 'cyrillic', bg: 'cyrillic', sr: 'cyrillic', be: 'cyrillic', kk: 'cyrillic', mk: 'cyrillic',
};

/** Letters of each script that tells languages apart, in the first 5,000 code points of `text`. */
function countScripts(text: string): { ar: number; han: number; kana: number; cyr: number; lat: number } {
  let ar = 0, han = 0, kana = 0, cyr = 0, lat = 0;
  // By code unit: every range counted is in the BMP and outside the surrogates, so a
  // surrogate (paired or not) counts nowhere, as its code point would not either.
  const end = Math.min(text.length, 5000);
  for (let i = 0; i < end; i++) {
    const cp = text.charCodeAt(i);
    if ((cp >= 0x0600 && cp <= 0x06ff) || (cp >= 0x0750 && cp <= 0x077f) || (cp >= 0xfb50 && cp <= 0xfeff)) ar++;
    else if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf)) han++;
    else if (cp >= 0x3040 && cp <= 0x30ff) kana++;
    else if (cp >= 0x0400 && cp <= 0x04ff) cyr++;
    else if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0xc0 && cp <= 0x24f)) lat++;
  }
  return { ar, han, kana, cyr, lat };
}

function dominantScript(text: string): { script: 'arabic' | 'han' | 'cyrillic' | 'latin' | null; letters: number } {
  const { ar, han, cyr, lat } = countScripts(text);
  const letters = ar + han + cyr + lat;
  const max = Math.max(ar, han, cyr, lat);
  if (max === 0) return { script: null, letters };
  const script = max === ar ? 'arabic' : max === han ? 'han' : max === cyr ? 'cyrillic' : 'latin';
  return { script, letters };
}

/**
 * The language of a story: the declared one (feed, caller) unless the text's
 * dominant script plainly contradicts it — multilingual feeds often label
 * every item with the channel's language.
 *
 * @example
 * resolveLanguage('en', 'التقى الرئيس الصيني شي جين بينغ الرئيس الروسي') // 'ar'
 * resolveLanguage('fr', 'Le président a rencontré son homologue')       // 'fr'
 * resolveLanguage(null, 'Президент России провел переговоры')            // 'ru'
 */
export function resolveLanguage(declared: string | null | undefined, text: string): string {
  const lang = typeof declared === 'string' && /^[a-z]{2,3}/i.test(declared) ? declared.toLowerCase().slice(0, 2) : null;
  if (!lang) return detectLanguage(text);
  const { script, letters } = dominantScript(typeof text === 'string' ? text : '');
  if (!script || letters < 20) return lang;
  const expected = SCRIPT_OF[lang] ?? 'latin';
  return expected === script ? lang : detectLanguage(text);
}
