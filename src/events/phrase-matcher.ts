/**
 * A trie-based phrase matcher over normalized text. Linear in the text length
 * times the longest phrase; no regular expressions over untrusted input.
 */
import { normalizeWithMap, isWordChar, isCjk } from './normalize.js';

/** Options of a {@link PhraseMatcher}. */
export interface PhraseMatcherOptions {
  /** Single letters that may be glued before a word (Arabic و ف ب ل ك). */
  clitics?: string[];
  /** A definite article that may be glued before a word (Arabic ال). */
  article?: string;
  /** Extra letters allowed after a phrase's last word (case endings), 0 = none. */
  slack?: number;
}

/** One phrase found in a text; offsets are into the original text. */
export interface PhraseMatch<T> {
  start: number;
  end: number;
  payload: T;
  phrase: string;
}

interface Hit<T> {
  payload: T;
  phrase: string;
  /** Trailing `*`: the rest of the word is accepted. */
  prefix: boolean;
  /** Must equal the source text exactly (acronyms such as "US", "WHO"). */
  exact: string | null;
  /** A stem variant (final vowel dropped): needs the slack letters. */
  stem: boolean;
}

class TrieNode<T> {
  next = new Map<string, TrieNode<T>>();
  hits: Hit<T>[] = [];
}

const MAX_PHRASE = 120;

/** Acronyms: two or more capitals and no lowercase letter ("US", "U.N.", "WHO"). */
function isAcronym(s: string): boolean {
  return /\p{Lu}.*\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s);
}

function compact(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/**
 * Finds phrases (names, triggers, titles) in a text after normalization.
 *
 * @example
 * const m = new PhraseMatcher([{ phrase: 'meet*', payload: 'meeting' }]);
 * m.find('Xi meets Putin') // [{ start: 3, end: 8, payload: 'meeting', phrase: 'meet*' }]
 */
export class PhraseMatcher<T> {
  private readonly root = new TrieNode<T>();
  private readonly clitics: Set<string>;
  private readonly article: string;
  private readonly slack: number;
  private size = 0;

  constructor(entries: Iterable<{ phrase: string; payload: T }>, options: PhraseMatcherOptions = {}) {
    this.clitics = new Set((options.clitics ?? []).map((c) => normalizeWithMap(c).text));
    this.article = options.article ? normalizeWithMap(options.article).text : '';
    this.slack = Math.max(0, Math.min(4, options.slack ?? 0));
    for (const e of entries) this.add(e.phrase, e.payload);
  }

  /** Number of phrases indexed. */
  get count(): number {
    return this.size;
  }

  /** Adds one phrase (a trailing `*` accepts the rest of the word). */
  add(phraseIn: string, payload: T): void {
    if (typeof phraseIn !== 'string') return;
    let phrase = compact(phraseIn);
    const prefix = phrase.endsWith('*');
    if (prefix) phrase = phrase.slice(0, -1).trim();
    const key = normalizeWithMap(phrase).text.replace(/ +/g, ' ').trim();
    if (!key || key.length > MAX_PHRASE) return;
    const exact = isAcronym(phrase) ? phrase : null;
    this.insert(key, { payload, phrase: phraseIn, prefix, exact, stem: false });
    if (this.article && key.startsWith(this.article) && key.length > this.article.length + 1) {
      this.insert(key.slice(this.article.length), { payload, phrase: phraseIn, prefix, exact, stem: false });
    }
    if (this.slack > 0 && !prefix) {
      const last = key.split(' ').pop() ?? '';
      if (last.length >= 4 && /[аяоеиыйьуэю]$/.test(key)) {
        this.insert(key.slice(0, -1), { payload, phrase: phraseIn, prefix, exact, stem: true });
      }
    }
    this.size++;
  }

  private insert(key: string, hit: Hit<T>): void {
    let node = this.root;
    for (const ch of key) {
      let nx = node.next.get(ch);
      if (!nx) {
        nx = new TrieNode<T>();
        node.next.set(ch, nx);
      }
      node = nx;
    }
    node.hits.push(hit);
  }

  /**
   * All phrase occurrences in `text` (overlapping ones included; see
   * {@link longestNonOverlapping}).
   */
  find(text: string): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    if (typeof text !== 'string' || !text || this.size === 0) return out;
    const n = normalizeWithMap(text);
    const t = n.text;
    const L = t.length;
    for (let s = 0; s < L; s++) {
      const ch = t[s];
      const cjk = isCjk(ch);
      if (!cjk && (!isWordChar(ch) || isWordChar(t[s - 1]))) continue;
      // candidate starts: the word start, then after glued clitics / article
      const starts = [s];
      if (!cjk && (this.clitics.size || this.article)) {
        let p = s;
        for (let k = 0; k < 3; k++) {
          const c = t[p];
          if (c !== undefined && this.clitics.has(c) && isWordChar(t[p + 1]) && isWordChar(t[p + 2])) {
            p++;
            starts.push(p);
          } else break;
        }
        for (const q of [...starts]) {
          if (this.article && t.startsWith(this.article, q) && isWordChar(t[q + this.article.length + 1])) {
            starts.push(q + this.article.length);
          }
        }
      }
      for (const st of starts) this.walk(t, st, n.starts, n.ends, text, out);
    }
    return out;
  }

  private walk(
    t: string,
    st: number,
    starts: number[],
    ends: number[],
    src: string,
    out: PhraseMatch<T>[],
  ): void {
    let node: TrieNode<T> | undefined = this.root;
    let i = st;
    while (node && i < t.length && i - st <= MAX_PHRASE) {
      node = node.next.get(t[i]!);
      if (!node) return;
      i++;
      if (node.hits.length === 0) continue;
      const lastCjk = isCjk(t[i - 1]);
      // how many word letters follow the match inside the same word
      let tail = 0;
      if (!lastCjk) {
        while (tail <= 40 && isWordChar(t[i + tail]) && !isCjk(t[i + tail])) tail++;
      }
      for (const h of node.hits) {
        let endN: number;
        if (lastCjk || tail === 0) {
          if (h.stem) continue;
          endN = i;
        } else if (h.prefix) endN = i + tail;
        else if (this.slack > 0 && tail <= this.slack + (h.stem ? 1 : 0) && /[\u0400-\u04FF]/.test(t[i - 1]!)) endN = i + tail;
        else continue;
        if (h.stem && tail === 0) continue;
        const start = starts[st]!;
        const end = ends[endN - 1]!;
        if (h.exact !== null) {
          const surface = compact(src.slice(start, end));
          if (surface !== h.exact && surface.replace(/\./g, '') !== h.exact.replace(/\./g, '')) continue;
        }
        out.push({ start, end, payload: h.payload, phrase: h.phrase });
      }
    }
  }
}

/**
 * Keeps the longest matches that do not overlap (ties: the earlier one).
 *
 * @example
 * longestNonOverlapping([{ start: 0, end: 5 }, { start: 3, end: 12 }, { start: 12, end: 14 }])
 * // [{ start: 3, end: 12 }, { start: 12, end: 14 }]
 */
export function longestNonOverlapping<M extends { start: number; end: number }>(matches: M[]): M[] {
  const sorted = [...matches].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Set<number>();
  const out: M[] = [];
  for (const m of sorted) {
    let free = true;
    for (let k = m.start; k < m.end; k++) if (taken.has(k)) { free = false; break; }
    if (!free) continue;
    for (let k = m.start; k < m.end; k++) taken.add(k);
    out.push(m);
  }
  return out.sort((a, b) => a.start - b.start);
}
