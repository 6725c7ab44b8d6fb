/**
 * A trie-based phrase matcher over normalized text. Linear in the text length
 * times the longest phrase; no regular expressions over untrusted input.
 */
import { childOf, flattenTrie, type FlatTrie } from '../text/flat-trie.js';
import { normalizeWithMap, isWordChar, isCjk, unitClassOf, charClassAt, UNIT_CJK, UNIT_WORD, type NormalizedText } from './normalize.js';

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

/** Candidate starts per normalized text (shared by every matcher of a story). */
const candidateCache = new WeakMap<NormalizedText, Map<string, Int32Array>>();
/** Reused buffer the candidate starts are collected in (kept only up to SCRATCH_KEEP entries). */
let candidateScratch = new Int32Array(0);
const SCRATCH_KEEP = 1 << 16;

class TrieNode<T> {
  /** Children by UTF-16 code unit. */
  next = new Map<number, TrieNode<T>>();
  hits: Hit<T>[] = [];
}

const MAX_PHRASE = 120;

/** Whether the UTF-16 unit at `k` of `t` is a word character (false past the end). */
function wordAt(t: string, k: number): boolean {
  return k < t.length && (unitClassOf(t.charCodeAt(k)) & UNIT_WORD) !== 0;
}

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
  /** Code units of the one-unit clitics (only those can match a single character). */
  private readonly cliticUnits: number[];
  /** The trie flattened for matching; rebuilt after an `add`. */
  private flat: FlatTrie<Hit<T>[]> | null = null;
  private readonly article: string;
  private readonly slack: number;
  private size = 0;
  /** Identifies the options that decide candidate starts. */
  private readonly optionsKey: string;

  constructor(entries: Iterable<{ phrase: string; payload: T }>, options: PhraseMatcherOptions = {}) {
    this.clitics = new Set((options.clitics ?? []).map((c) => normalizeWithMap(c).text));
    this.cliticUnits = [...this.clitics].filter((c) => c.length === 1).map((c) => c.charCodeAt(0));
    this.article = options.article ? normalizeWithMap(options.article).text : '';
    this.slack = Math.max(0, Math.min(4, options.slack ?? 0));
    this.optionsKey = `${[...this.clitics].join('')}|${this.article}`;
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
    this.flat = null;
    let node = this.root;
    for (let k = 0; k < key.length; k++) {
      const code = key.charCodeAt(k);
      let nx = node.next.get(code);
      if (!nx) {
        nx = new TrieNode<T>();
        node.next.set(code, nx);
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
    const flat = (this.flat ??= flattenTrie(this.root, (n) => (n.hits.length ? n.hits : null)));
    const cands = this.candidates(n);
    for (let k = 0; k < cands.length; k++) this.walk(flat, t, cands[k]!, n.starts, n.ends, text, out);
    return out;
  }

  /**
   * Where a phrase may start in a normalized text: word starts and Han/kana
   * characters, then after glued clitics and the article. The same for every
   * matcher with the same options, so computed once per text and options.
   */
  private candidates(n: NormalizedText): Int32Array {
    let byOpts = candidateCache.get(n);
    if (!byOpts) candidateCache.set(n, (byOpts = new Map()));
    const hit = byOpts.get(this.optionsKey);
    if (hit) return hit;
    const t = n.text;
    const L = t.length;
    // at most 8 starts per unit (the word, the article, three clitics each with the article)
    const need = 8 * L + 8;
    let out = candidateScratch;
    if (out.length < need) {
      out = new Int32Array(need);
      if (need <= SCRATCH_KEEP) candidateScratch = out;
    }
    let m = 0;
    const art = this.article;
    const a0 = art ? art.charCodeAt(0) : -1;
    const glued = this.clitics.size > 0 || art !== '';
    const cu = this.cliticUnits;
    let prevWord = false;
    for (let s = 0; s < L; s++) {
      const code = t.charCodeAt(s);
      const pair = code >= 0xd800 && code <= 0xdbff && s + 1 < L;
      const cls = charClassAt(t, s, L);
      const cjk = (cls & UNIT_CJK) !== 0;
      const word = (cls & UNIT_WORD) !== 0;
      const wordStart = word && !prevWord;
      prevWord = word;
      if (pair) s++;
      if (!cjk && !wordStart) continue;
      if (pair) {
        out[m++] = s - 1;
        continue;
      }
      out[m++] = s;
      if (cjk || !glued) continue;
      let p = s;
      if (code === a0 && t.startsWith(art, p) && wordAt(t, p + art.length + 1)) out[m++] = p + art.length;
      for (let k = 0; k < 3; k++) {
        if (p < L && cu.includes(t.charCodeAt(p)) && wordAt(t, p + 1) && wordAt(t, p + 2)) {
          p++;
          out[m++] = p;
          if (art && t.startsWith(art, p) && wordAt(t, p + art.length + 1)) out[m++] = p + art.length;
        } else break;
      }
    }
    const arr = out.slice(0, m);
    byOpts.set(this.optionsKey, arr);
    return arr;
  }

  private walk(
    f: FlatTrie<Hit<T>[]>,
    t: string,
    st: number,
    starts: ArrayLike<number>,
    ends: ArrayLike<number>,
    src: string,
    out: PhraseMatch<T>[],
  ): void {
    let node = 0;
    let i = st;
    const L = t.length;
    while (i < L && i - st <= MAX_PHRASE) {
      node = childOf(f, node, t.charCodeAt(i));
      if (node < 0) return;
      i++;
      const hits = f.payload[node];
      if (hits == null) continue;
      const last = t.charCodeAt(i - 1);
      const lastCjk = (unitClassOf(last) & UNIT_CJK) !== 0;
      // how many word letters follow the match inside the same word
      let tail = 0;
      if (!lastCjk) {
        while (tail <= 40 && i + tail < L && (unitClassOf(t.charCodeAt(i + tail)) & (UNIT_WORD | UNIT_CJK)) === UNIT_WORD) tail++;
      }
      for (const h of hits) {
        let endN: number;
        if (lastCjk || tail === 0) {
          if (h.stem) continue;
          endN = i;
        } else if (h.prefix) endN = i + tail;
        else if (this.slack > 0 && tail <= this.slack + (h.stem ? 1 : 0) && last >= 0x0400 && last <= 0x04ff) endN = i + tail;
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
  if (matches.length <= 1) return [...matches];
  const sorted = [...matches].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  let lo = Infinity;
  let hi = 0;
  for (const m of matches) {
    if (m.start < lo) lo = m.start;
    if (m.end > hi) hi = m.end;
  }
  const taken = new Uint8Array(Math.max(0, hi - lo));
  const out: M[] = [];
  for (const m of sorted) {
    let free = true;
    for (let k = m.start - lo; k < m.end - lo; k++) if (taken[k]) { free = false; break; }
    if (!free) continue;
    taken.fill(1, m.start - lo, m.end - lo);
    out.push(m);
  }
  return out.sort((a, b) => a.start - b.start);
}
