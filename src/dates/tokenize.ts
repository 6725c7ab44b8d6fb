/**
 * Tokenizer for the date grammar: longest-match lexicon phrases (with Arabic
 * proclitic stripping), digit runs, CJK numerals, words and punctuation.
 * Linear in the input: every trie walk is bounded by the longest phrase.
 */
import { isDigitAt, isHanAt, isLetterAt, isNonHanLetterAt, isSpaceAt, isUpperAt } from './char-class.js';
import { maskHi, maskLo, type Cat, type CompiledLocale, type FlatTrie } from './locale.js';
import { Token } from './token.js';

export { Token };

/** Cats (and their masks) of the match found by the last `walk` (valid when it returned an end). */
let walkCats: Cat[] = [];
let walkLo = 0;
let walkHi = 0;

/**
 * Walks the flat trie from `node` at position `i`; returns the longest match end (exclusive),
 * or -1, and leaves the match's cats in `walkCats`. Runs of white space match one space.
 */
function walk(ft: FlatTrie, node: number, s: string, i: number, maxLen: number): number {
  let best = -1;
  let j = i;
  const limit = Math.min(s.length, i + maxLen * 3);
  const { alpha, trans, width, cats } = ft;
  let cur = node;
  while (cur !== 0 && j <= limit) {
    const cc = cats[cur];
    if (cc && j > i) {
      const lastWord = isLetterAt(s, j - 1) || isDigitAt(s, j - 1);
      const nextWord = isLetterAt(s, j) || isDigitAt(s, j);
      // Phrases that end in a letter must end at a word boundary (CJK needs none).
      const ok = !lastWord || isHanAt(s, j - 1) || !(nextWord && !isHanAt(s, j)) || (isLetterAt(s, j - 1) && isDigitAt(s, j));
      if (ok) {
        best = j;
        walkCats = cc;
        walkLo = ft.lo[cur]!;
        walkHi = ft.hi[cur]!;
      }
    }
    if (j >= s.length) break;
    if (isSpaceAt(s, j)) {
      cur = ft.space ? trans[cur * width + ft.space]! : 0;
      while (j < s.length && isSpaceAt(s, j)) j++;
      continue;
    }
    const a = alpha[s.charCodeAt(j)]!;
    cur = a ? trans[cur * width + a]! : 0;
    j++;
  }
  return best;
}

const ROOT = 1;

/**
 * False when no phrase can match at `i`, read from the first two characters: the common
 * case of a word no lexicon knows, without a call to `walk`. True means "walk and see".
 */
function mayMatch(ft: FlatTrie, s: string, i: number): boolean {
  const a0 = ft.alpha[s.charCodeAt(i)]!;
  if (a0 === 0) return false;
  const n1 = ft.trans[ROOT * ft.width + a0]!;
  if (n1 === 0) return false;
  if (ft.cats[n1] || i + 1 >= s.length || isSpaceAt(s, i + 1)) return true;
  const a1 = ft.alpha[s.charCodeAt(i + 1)]!;
  return a1 !== 0 && ft.trans[n1 * ft.width + a1] !== 0;
}

const NO_CATS: Cat[] = [];

/** Code units of line breaks that set `nl`. */
const isBreakCode = (u: number) => u === 0x0a || u === 0x0d || u === 0x2029;

/** The original text behind a folded one (see `fold`): case and accents live there. */
export interface Source {
  src: string;
  /** Offset maps of `foldMapped`; null when folded unit k is original unit k. */
  starts: Int32Array | null;
  ends: Int32Array | null;
}

/** Whether the original character behind folded offset `i` is an upper-case letter. */
function capAt(o: Source | null, s: string, i: number): boolean {
  if (!o) return isUpperAt(s, i);
  return isUpperAt(o.src, o.starts ? (o.starts[i] ?? 0) : i);
}

/** The original (NFC) text of folded range [a, b), or the folded text without a source. */
function origAt(o: Source | null, s: string, a: number, b: number): string {
  if (!o) return s.slice(a, b);
  if (b <= a) return '';
  return o.starts && o.ends ? o.src.slice(o.starts[a] ?? 0, o.ends[b - 1] ?? 0).normalize('NFC') : o.src.slice(a, b).normalize('NFC');
}

/** A token; `cats` may be the trie's own array: nothing mutates a token's cats after tokenizing. */
function mkToken(
  s: string, orig: Source | null, a: number, b: number, kind: Token['kind'], cats: Cat[],
  num: number | undefined, digits: number | undefined, sp: boolean, nl: boolean,
): Token {
  const lo = cats === walkCats ? walkLo : cats.length ? maskLo(cats) : 0;
  const hi = cats === walkCats ? walkHi : cats.length ? maskHi(cats) : 0;
  return new Token(s, a, b, kind, cats, num, digits, sp, nl, kind === 'w' && capAt(orig, s, a), lo, hi);
}

/**
 * Splits folded text into tokens.
 *
 * @example
 * tokenize('2 dec 2019', compiledLocale('en')).map((t) => t.t) // ['2', 'dec', '2019']
 */
export function tokenize(s: string, loc: CompiledLocale, orig: Source | null = null): Token[] {
  const out: Token[] = [];
  const ft = loc.flat;
  const numerals = loc.numeralCodes;
  const procliticFirst = loc.procliticFirst;
  const fp = loc.futurePrefix;
  const fpCode = fp && fp.prefix.length === 1 ? fp.prefix.charCodeAt(0) : -1;
  const fs = loc.futureSuffix;
  const uf = loc.unaccentedFuture;
  /** Whether the text has no accented vowel at all (then unaccented future endings count). */
  const unaccented = uf !== null && !uf.accentRe.test(orig ? orig.src : s);
  let i = 0;
  let sp = false;
  let nl = false;
  while (i < s.length) {
    const u = s.charCodeAt(i);
    if (isSpaceAt(s, i)) {
      sp = true;
      if (isBreakCode(u)) nl = true;
      i++;
      continue;
    }
    const letter = isLetterAt(s, i);
    const han = isHanAt(s, i);
    const digit = u >= 0x30 && u <= 0x39;
    const atWordStart = !isLetterAt(s, i - 1) || han;
    // CJK numerals before a counter: 二〇一九年, 十二月.
    if (numerals && numerals[u] === 1) {
      let j = i;
      while (j < s.length && loc.numeralChars.has(s[j]!) && j - i < 8) j++;
      if (loc.numeralFollowers.has(s[j] ?? '') || loc.numeralFollowers.has(s.slice(j, j + 2))) {
        const v = cjkNumber(s.slice(i, j), loc.numeralChars);
        if (v !== null) {
          // Positional numerals (三十一) count as their value's digits; digit-by-digit ones (二〇一九) as written.
          const positional = [...s.slice(i, j)].some((c) => loc.numeralChars.get(c) === 10);
          out.push(mkToken(s, orig, i, j, 'n', NO_CATS, v, positional ? String(v).length : j - i, sp, nl));
          sp = nl = false;
          i = j;
          continue;
        }
      }
    }
    if (atWordStart && !digit) {
      const end = mayMatch(ft, s, i) ? walk(ft, ROOT, s, i, loc.maxLen) : -1;
      if (end >= 0) {
        out.push(mkToken(s, orig, i, end, letter ? 'w' : 'p', walkCats, undefined, undefined, sp, nl));
        sp = nl = false;
        i = end;
        continue;
      }
      // Arabic-style proclitics glued to a known word.
      if (letter && procliticFirst && procliticFirst[u] === 1) {
        let done = false;
        for (let k = loc.proclitics.length - 1; k >= 0 && !done; k--) {
          const p = loc.proclitics[k]!;
          if (p.charCodeAt(0) !== u || !s.startsWith(p, i)) continue;
          const rest = i + p.length;
          if (!isLetterAt(s, rest) && !isDigitAt(s, rest)) continue;
          let h = walk(ft, ROOT, s, rest, loc.maxLen);
          const ac = loc.articleContraction;
          if (h < 0 && ac && p.endsWith(ac.proclitic) && s[rest] === ac.article[1]) {
            const a = ft.alpha[ac.article.charCodeAt(0)]!;
            const start = a ? ft.trans[ROOT * ft.width + a]! : 0;
            if (start) h = walk(ft, start, s, rest, loc.maxLen);
          }
          if (h >= 0) {
            out.push(mkToken(s, orig, rest, h, 'w', walkCats, undefined, undefined, sp, nl));
            sp = nl = false;
            i = h;
            done = true;
          } else if (isDigitAt(s, rest)) {
            // "و2008": the proclitic stands alone before a number.
            const conj = walk(ft, ROOT, p, 0, loc.maxLen);
            out.push(mkToken(s, orig, i, rest, 'w', conj >= 0 ? walkCats : NO_CATS, undefined, undefined, sp, nl));
            sp = nl = false;
            i = rest;
            done = true;
          }
        }
        if (done) continue;
      }
    }
    if (digit) {
      let j = i;
      while (j < s.length && isDigitAt(s, j)) j++;
      const digits = j - i;
      out.push(mkToken(s, orig, i, j, 'n', NO_CATS, digits <= 6 ? Number(s.slice(i, j)) : Number.NaN, digits, sp, nl));
      sp = nl = false;
      i = j;
      continue;
    }
    if (han) {
      out.push(mkToken(s, orig, i, i + 1, 'w', NO_CATS, undefined, undefined, sp, nl));
      sp = nl = false;
      i++;
      continue;
    }
    if (letter) {
      let j = i;
      while (isNonHanLetterAt(s, j)) j++;
      let cats: Cat[] = NO_CATS;
      // Cheap first-letter tests before the word is sliced out.
      if (fp && (fpCode < 0 || s.charCodeAt(i) === fpCode || s.charCodeAt(i + 1) === fpCode)) {
        let w = s.slice(i, j);
        for (const p of loc.proclitics) if (p.length === 1 && w.startsWith(p) && w.length > fp.minLength + 1 && w[1] === fp.prefix) w = w.slice(1);
        if (w.startsWith(fp.prefix) && fp.next.has(w[fp.prefix.length] ?? '') && w.length >= fp.minLength && !fp.exceptions.has(w)) {
          cats = [{ c: 'future' }];
        }
      }
      if (fs && cats.length === 0 && j - i >= fs.minLength && endsWithAny(s, j, fs.folded)) {
        // Future tense marked by an ending, read on the original spelling (accents matter: "jugará").
        const w = origAt(orig, s, i, j).toLowerCase();
        if (fs.suffixes.some((x) => w.endsWith(x)) && !fs.exceptions.has(s.slice(i, j))) cats = [{ c: 'future' }];
      }
      if (unaccented && uf && cats.length === 0 && j - i >= uf.minLength && endsWithAny(s, j, uf.suffixes) && !endsWithAny(s, j, uf.notSuffixes)) {
        if (!uf.exceptions.has(s.slice(i, j)) && !afterTrigger(out, uf.triggers, uf.clitics)) cats = [{ c: 'future' }];
      }
      out.push(mkToken(s, orig, i, j, 'w', cats, undefined, undefined, sp, nl));
      sp = nl = false;
      i = j;
      continue;
    }
    out.push(mkToken(s, orig, i, i + 1, 'p', NO_CATS, undefined, undefined, sp, nl));
    sp = nl = false;
    i++;
  }
  return out;
}

/** Whether the last words before the end of `out`, past clitics ("se", "no"), include a trigger word. */
function afterTrigger(out: readonly Token[], triggers: ReadonlySet<string>, clitics: ReadonlySet<string>): boolean {
  for (let k = out.length - 1, n = 0; k >= 0 && n < 4; k--, n++) {
    const t = out[k]!;
    if (t.kind !== 'w') return false;
    const w = t.t;
    if (triggers.has(w)) return true;
    if (!clitics.has(w)) return false;
  }
  return false;
}

/** Whether s[..end) ends with one of `suffixes` (compared from the last character, no calls). */
function endsWithAny(s: string, end: number, suffixes: readonly string[]): boolean {
  const last = s.charCodeAt(end - 1);
  outer: for (const x of suffixes) {
    const n = x.length;
    if (n === 0 || n > end || x.charCodeAt(n - 1) !== last) continue;
    for (let k = 2; k <= n; k++) if (s.charCodeAt(end - k) !== x.charCodeAt(n - k)) continue outer;
    return true;
  }
  return false;
}

/** Reads 二〇一九 (digit by digit) or 三十一 (positional) as a number. */
export function cjkNumber(str: string, chars: Map<string, number>): number | null {
  const vals = [...str].map((c) => chars.get(c));
  if (vals.some((v) => v === undefined)) return null;
  const ds = vals as number[];
  if (!ds.includes(10)) return Number(ds.join(''));
  // positional up to 99
  const idx = ds.indexOf(10);
  const tens = idx === 0 ? 1 : ds[idx - 1]!;
  const ones = ds[idx + 1] ?? 0;
  if (idx > 1 || ds.length > idx + 2) return null;
  return tens * 10 + ones;
}
