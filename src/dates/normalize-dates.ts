/**
 * Finds every temporal expression in a text and normalizes it to TIMEX3.
 */
import type { Dateline, TemporalExpression } from '../types.js';
import { localRef, type LocalDate } from './calendar.js';
import { foldMapped, type FoldedMap } from './fold.js';
import { CAT_BIT, compiledLocale, type CompiledLocale } from './locale.js';
import { canStartRule, Grammar, type Cand } from './parse.js';
import { resolveCand } from './resolve.js';
import { tokenize, type Token } from './tokenize.js';

export interface NormalizeDatesOptions {
  lang: string;
  /** Reference instant (ISO 8601 with offset), or null when unknown. */
  ref: string | null;
  /** IANA zone (or fixed offset) the reference day is read in; default: the ref's own offset. */
  zone?: string | null;
  dateline?: Dateline | null;
}

/** Longest text handled; longer input is cut (dates past it are not reported). */
const MAX_TEXT = 2_000_000;
const STOP = new Set(['.', '!', '?', '؟', '؛', ';', '。', '！', '？', '\n']);

/** Past (-1) or future (+1) cue of one token, 0 for none. */
function cueOf(t: Token): number {
  if ((t.lo | t.hi) === 0) return 0;
  for (const c of t.cats) {
    if (c.c === 'future') return 1;
    if (c.c === 'past') return -1;
  }
  return 0;
}

/** A sentence or clause boundary: the search for a tense cue stops there. */
function isClauseBreak(t: Token): boolean {
  if (t.kind === 'p' && STOP.has(t.t)) return true;
  if ((t.lo | t.hi) === 0) return false;
  for (const c of t.cats) if (c.c === 'clauseBreak') return true;
  return false;
}

/** Past (-1) or future (+1) narration around tokens [s, e): the nearest cue in the clause. */
function tenseAround(T: Token[], s: number, e: number): number {
  // A cue that binds to the expression it follows: "12月5日起".
  const next = T[e];
  if (next && (next.hi & FUTURE_AFTER_HI) !== 0 && !next.nl) return 1;
  for (let i = s - 1, n = 0; i >= 0 && n < 16; i--, n++) {
    const t = T[i]!;
    if (isClauseBreak(t)) break;
    const v = cueOf(t);
    if (v) return v;
    if (t.nl) break;
  }
  for (let i = e, n = 0; i < T.length && n < 8; i++, n++) {
    const t = T[i]!;
    if (isClauseBreak(t) || t.nl) break;
    const v = cueOf(t);
    if (v) return v;
  }
  return -1;
}

/** `tenseAround` deferred: most candidates never need the tense. */
function tenseOf(T: Token[], s: number, e: number): () => number {
  return () => tenseAround(T, s, e);
}

const FUTURE_AFTER_HI = 1 << (CAT_BIT.futureAfter - 32);

/** Marks folded away (tatweel, harakat, accents) that stay inside a span when they trail it. */
const TRAILING_MARK = /[\u0640\u064b-\u065f\u0670\u0300-\u036f]/;

/**
 * Every temporal expression in `text`, with spans in the original string and TIMEX3 values.
 * Relative expressions resolve against `ref` read in `zone` (or in the ref's own offset);
 * with no ref only absolute dates are resolved.
 *
 * @example
 * normalizeDates('قال اليوم (الاثنين) إنه', { lang: 'ar', ref: '2019-12-02T20:15:00+08:00' })
 * // [{ text: 'اليوم (الاثنين)', start: 4, end: 19, value: '2019-12-02', grain: 'day', role: 'body' }]
 * normalizeDates('The talks will resume on Thursday.', { lang: 'en', ref: '2019-12-02T20:15:00+08:00' })[0]?.value
 * // '2019-12-05'
 */
export function normalizeDates(text: string, opts: NormalizeDatesOptions): TemporalExpression[] {
  if (typeof text !== 'string' || !text) return [];
  const src = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  const loc = compiledLocale(opts?.lang ?? 'und');
  const { f, T, cands } = parsedText(src, loc);
  let ref: LocalDate | null = localRef(opts?.ref ?? null, opts?.zone ?? null);
  if (!ref && opts?.dateline?.date) ref = localRef(opts.dateline.date);
  const out: TemporalExpression[] = [];
  let anchor: LocalDate | null = null;
  for (const cand of cands) {
    const r = resolveCand(cand, { ref, anchor, tense: tenseOf(T, cand.s, cand.e) });
    if (r) {
      const spans: Array<[number, number]> = cand.pair
        ? [[cand.s, cand.pair.aEnd], [cand.pair.bStart, cand.pair.bEnd]]
        : [[cand.s, cand.e]];
      for (const [ts, te] of spans) {
        const start = f.starts ? f.starts[T[ts]!.s]! : T[ts]!.s;
        let end = f.ends ? f.ends[T[te - 1]!.e - 1]! : T[te - 1]!.e;
        // Keep trailing marks folded away (tatweel, harakat, accents) inside the span.
        while (end < src.length && TRAILING_MARK.test(src[end]!)) end++;
        const expr: TemporalExpression = { text: src.slice(start, end), start, end, value: r.value, grain: r.grain };
        if (cand.mod) expr.mod = cand.mod;
        if (r.range) expr.range = r.range;
        if (r.alternatives?.length) expr.alternatives = r.alternatives;
        if (r.flags?.length) expr.flags = [...r.flags];
        const dl = opts?.dateline;
        expr.role = dl && start < dl.end && end > dl.start ? 'dateline' : 'body';
        out.push(expr);
      }
      if (r.day && !r.flags?.includes('anchored-on-text-date') && (cand.sem.k === 'date' || cand.sem.k === 'weekday')) anchor = r.day;
    }
  }
  return out;
}

/** A text's tokens and the grammar's candidate expressions, in text order: they do not depend on the reference. */
interface ParsedText {
  f: FoldedMap;
  T: Token[];
  cands: Cand[];
}

/** The last texts parsed (a dateline's head is read twice, with two references); shared, never mutated. */
const PARSED: Array<{ src: string; loc: CompiledLocale; parsed: ParsedText }> = [];
const PARSED_SIZE = 2;

/**
 * Folds, tokenizes and runs the grammar over `src`: the candidates the resolution loop
 * reads, each the longest rule match at the first token that starts one after the last.
 */
function parsedText(src: string, loc: CompiledLocale): ParsedText {
  for (const p of PARSED) if (p.loc === loc && p.src === src) return p.parsed;
  const f = foldMapped(src);
  const T = tokenize(f.s, loc, { src, starts: f.starts, ends: f.ends });
  const g = new Grammar(T, loc.bareMonthNeedsCapital, loc.holidayNameCheck);
  const cands: Cand[] = [];
  for (let i = 0; i < T.length; ) {
    // Rules are only tried at a number or at a token whose lexicon category can start one.
    if (!canStartRule(T[i]!)) {
      i++;
      continue;
    }
    let c: Cand | null = null;
    try {
      c = g.at(i);
    } catch {
      c = null;
    }
    if (!c || c.e <= i) {
      i++;
      continue;
    }
    cands.push(c);
    i = c.e;
  }
  const parsed: ParsedText = { f, T, cands };
  if (PARSED.length >= PARSED_SIZE) PARSED.shift();
  PARSED.push({ src, loc, parsed });
  return parsed;
}
