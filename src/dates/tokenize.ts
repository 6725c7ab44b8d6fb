/**
 * Tokenizer for the date grammar: longest-match lexicon phrases (with Arabic
 * proclitic stripping), digit runs, CJK numerals, words and punctuation.
 * Linear in the input: every trie walk is bounded by the longest phrase.
 */
import { isDigit, isDigitAt, isHan, isHanAt, isLetter, isLetterAt, isSpace, isSpaceAt } from './char-class.js';
import type { Cat, CompiledLocale, TrieNode } from './locale.js';

export interface Token {
  /** Offsets in the folded text. */
  s: number;
  e: number;
  /** Folded text of the token. */
  t: string;
  kind: 'w' | 'n' | 'p';
  cats: Cat[];
  /** Numeric value of digit runs and CJK numerals. */
  num?: number;
  /** Number of digits of a digit run. */
  digits?: number;
  /** Whitespace directly before the token. */
  sp: boolean;
  /** A line break directly before the token. */
  nl: boolean;
  /** First letter written in upper case in the original. */
  cap: boolean;
}


/** Walks the trie from `node` at position `i`; returns the longest match end (exclusive) with its cats. */
function walk(node: TrieNode, s: string, i: number, maxLen: number): { end: number; cats: Cat[] } | null {
  let best: { end: number; cats: Cat[] } | null = null;
  let j = i;
  const limit = Math.min(s.length, i + maxLen * 3);
  let cur: TrieNode | undefined = node;
  while (cur && j <= limit) {
    if (cur.cats && j > i) {
      const lastWord = isLetterAt(s, j - 1) || isDigitAt(s, j - 1);
      const nextWord = isLetterAt(s, j) || isDigitAt(s, j);
      // Phrases that end in a letter must end at a word boundary (CJK needs none).
      const ok = !lastWord || isHanAt(s, j - 1) || !(nextWord && !isHanAt(s, j)) || (isLetterAt(s, j - 1) && isDigitAt(s, j));
      if (ok) best = { end: j, cats: cur.cats };
    }
    if (j >= s.length) break;
    if (isSpaceAt(s, j)) {
      cur = cur.next.get(' ');
      while (j < s.length && isSpaceAt(s, j)) j++;
      continue;
    }
    cur = cur.next.get(s[j]!);
    j++;
  }
  return best;
}

/**
 * Splits folded text into tokens.
 *
 * @example
 * tokenize('2 dec 2019', compiledLocale('en'), () => false).map((t) => t.t) // ['2', 'dec', '2019']
 */
export function tokenize(
  s: string,
  loc: CompiledLocale,
  capAt: (i: number) => boolean,
  /** The original (unfolded) text of folded range [a, b); defaults to the folded text. */
  origAt: (a: number, b: number) => string = (a, b) => s.slice(a, b),
): Token[] {
  const out: Token[] = [];
  let i = 0;
  let sp = false;
  let nl = false;
  // Token cats may be the trie's own arrays: nothing mutates a token's cats after tokenizing.
  const push = (a: number, b: number, kind: Token['kind'], cats: Cat[], num?: number, digits?: number) => {
    const tok: Token = { s: a, e: b, t: s.slice(a, b), kind, cats, sp, nl, cap: kind === 'w' && capAt(a) };
    if (num !== undefined) tok.num = num;
    if (digits !== undefined) tok.digits = digits;
    out.push(tok);
    sp = false;
    nl = false;
  };
  while (i < s.length) {
    const ch = s[i]!;
    if (isSpace(ch)) {
      sp = true;
      if (ch === '\n' || ch === '\r' || ch === '\u2029') nl = true;
      i++;
      continue;
    }
    const atWordStart = !isLetterAt(s, i - 1) || isHan(ch);
    // CJK numerals before a counter: 二〇一九年, 十二月.
    if (loc.numeralChars.has(ch)) {
      let j = i;
      while (j < s.length && loc.numeralChars.has(s[j]!) && j - i < 8) j++;
      if (loc.numeralFollowers.has(s[j] ?? '') || loc.numeralFollowers.has(s.slice(j, j + 2))) {
        const v = cjkNumber(s.slice(i, j), loc.numeralChars);
        if (v !== null) {
          // Positional numerals (三十一) count as their value's digits; digit-by-digit ones (二〇一九) as written.
          const positional = [...s.slice(i, j)].some((c) => loc.numeralChars.get(c) === 10);
          push(i, j, 'n', [], v, positional ? String(v).length : j - i);
          i = j;
          continue;
        }
      }
    }
    if (atWordStart && (isLetter(ch) || !isDigit(ch))) {
      const hit = walk(loc.trie, s, i, loc.maxLen);
      if (hit && (!isDigit(ch))) {
        push(i, hit.end, isLetter(ch) ? 'w' : 'p', hit.cats);
        i = hit.end;
        continue;
      }
      // Arabic-style proclitics glued to a known word.
      if (isLetter(ch) && loc.proclitics.length) {
        let done = false;
        for (let k = loc.proclitics.length - 1; k >= 0 && !done; k--) {
          const p = loc.proclitics[k]!;
          if (!s.startsWith(p, i)) continue;
          const rest = i + p.length;
          if (!isLetterAt(s, rest) && !isDigitAt(s, rest)) continue;
          let h = walk(loc.trie, s, rest, loc.maxLen);
          if (!h && loc.articleContraction && p.endsWith(loc.articleContraction.proclitic) && s[rest] === loc.articleContraction.article[1]) {
            const start = loc.trie.next.get(loc.articleContraction.article[0]!);
            if (start) h = walk(start, s, rest, loc.maxLen);
          }
          if (h) {
            push(rest, h.end, 'w', h.cats);
            i = h.end;
            done = true;
          } else if (isDigitAt(s, rest)) {
            // "و2008": the proclitic stands alone before a number.
            const conj = walk(loc.trie, p, 0, loc.maxLen);
            push(i, rest, 'w', conj ? conj.cats : []);
            i = rest;
            done = true;
          }
        }
        if (done) continue;
      }
    }
    if (isDigit(ch)) {
      let j = i;
      while (j < s.length && isDigitAt(s, j)) j++;
      const digits = j - i;
      push(i, j, 'n', [], digits <= 6 ? Number(s.slice(i, j)) : Number.NaN, digits);
      i = j;
      continue;
    }
    if (isHan(ch)) {
      push(i, i + 1, 'w', []);
      i++;
      continue;
    }
    if (isLetter(ch)) {
      let j = i;
      while (j < s.length && isLetterAt(s, j) && !isHanAt(s, j)) j++;
      const word = s.slice(i, j);
      const cats: Cat[] = [];
      const fp = loc.futurePrefix;
      if (fp) {
        let w = word;
        for (const p of loc.proclitics) if (p.length === 1 && w.startsWith(p) && w.length > fp.minLength + 1 && w[1] === fp.prefix) w = w.slice(1);
        if (w.startsWith(fp.prefix) && fp.next.has(w[fp.prefix.length] ?? '') && w.length >= fp.minLength && !fp.exceptions.has(w)) {
          cats.push({ c: 'future' });
        }
      }
      const fs = loc.futureSuffix;
      if (fs && !cats.length && word.length >= fs.minLength) {
        // Future tense marked by an ending, read on the original spelling (accents matter: "jugará").
        const w = origAt(i, j).toLowerCase();
        if (fs.suffixes.some((x) => w.endsWith(x)) && !fs.exceptions.has(word)) cats.push({ c: 'future' });
      }
      push(i, j, 'w', cats);
      i = j;
      continue;
    }
    push(i, i + 1, 'p', []);
    i++;
  }
  return out;
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
