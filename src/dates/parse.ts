/**
 * The date grammar: small rules over tokens (chrono-style), each returning a
 * candidate with unresolved meaning. Rules only look a bounded number of tokens
 * ahead, so parsing is linear in the number of tokens.
 */
import type { TemporalMod } from '../types.js';
import { CAT_BIT, maskHi, maskLo, type Cat, type PartOfDay, type Unit } from './locale.js';
import type { Token } from './tokenize.js';

export type Sem =
  | { k: 'date'; y?: number; yOff?: number; m?: number; d?: number; wd?: number; hijri?: boolean; dir?: number; ambiguous?: { m: number; d: number }; check?: Sem }
  | { k: 'year'; y: number }
  | { k: 'decade'; v: number }
  | { k: 'part'; kind: 'Q' | 'H' | 'season'; n: number | string; y?: number; rel?: number; yOff?: number }
  | { k: 'holiday'; id: string; y?: number; yOff?: number; dir?: number; inName?: boolean }
  | { k: 'rel'; unit: Unit; off: number }
  | { k: 'relday'; off: number; wd?: number; date?: Sem }
  | { k: 'weekday'; wd: number; dir?: number; wk?: number; date?: Sem }
  | { k: 'ago'; unit: Unit; n: number; sign: number }
  | { k: 'zhday'; d: number; mOff?: number };

export interface Cand {
  /** Token range [s, e). */
  s: number;
  e: number;
  sem: Sem;
  mod?: TemporalMod;
  pod?: PartOfDay;
  time?: { h: number; mi: number };
  range?: Sem;
  /** Two equivalent dates ("… هـ الموافق …"): token ranges [s, aEnd) and [bStart, bEnd) are reported separately with one value. */
  pair?: { aEnd: number; bStart: number; bEnd: number };
}

type C = Cat['c'];

/** Punctuation after which a capitalized word may just open a sentence or a quote. */
const SENTENCE_OPENERS: ReadonlySet<string> = new Set(['.', '!', '?', ':', ';', '"', "'", '(', '[', '«', '“', '‘', '„', '—', '–', '-', '¿', '¡']);

/** Meanings that name a day, to which a part of day or a clock time can attach. */
const DAYLIKE: ReadonlySet<Sem['k']> = new Set<Sem['k']>(['relday', 'weekday', 'date', 'zhday']);

/** The longer of two candidates; `a` when they end together (earlier rules win ties). */
function longer(a: Cand | null, b: Cand | null): Cand | null {
  if (!b) return a;
  if (!a) return b;
  return b.e > a.e ? b : a;
}

/**
 * Categories a rule can start at (besides numbers): the first token every rule of
 * `Grammar.at` tests. A token with none of them cannot start a candidate.
 */
const START_CATS: readonly C[] = [
  'modBefore', 'pod', 'clockNoun', 'rangeFrom', 'weekday', 'ordinal', 'month', 'relday', 'dayNoun',
  'relBefore', 'relPhrase', 'unit', 'agoBefore', 'laterBefore', 'number', 'yearNoun', 'decadeWord',
  'decadePrefix', 'halfPhrase', 'quarterPrefix', 'halfPrefix', 'quarterNoun', 'halfNoun', 'season', 'holiday',
];
const START_LO = maskLo(START_CATS.map((c) => ({ c }) as Cat));
const START_HI = maskHi(START_CATS.map((c) => ({ c }) as Cat));

/**
 * Whether any rule can start at token `t`: a number, a token with a starting category,
 * or an apostrophe ("'90s").
 *
 * @example
 * canStartRule(tokenize('the', compiledLocale('en'))[0]!) // false
 */
export function canStartRule(t: Token): boolean {
  if (t.kind === 'n') return true;
  if ((t.lo & START_LO) !== 0 || (t.hi & START_HI) !== 0) return true;
  return t.kind === 'p' && t.e - t.s === 1 && t.t === "'";
}

/** Category bits by name (`B.month`), read with constant names so each test is one AND. */
const B = CAT_BIT;

/** Whether token `t` has the category of bit `b` (see `CAT_BIT`). */
function tokHas(t: Token, b: number): boolean {
  return b < 32 ? (t.lo & (1 << b)) !== 0 : (t.hi & (1 << (b - 32))) !== 0;
}

export class Grammar {
  constructor(
    private readonly T: Token[],
    private readonly needCapital: boolean,
    private readonly nameCheck = false,
  ) {}

  private cat(i: number, c: C): Cat | undefined {
    const t = this.T[i];
    if (!t) return undefined;
    for (const x of t.cats) if (x.c === c) return x;
    return undefined;
  }
  /** Whether token i has the category of bit `b` (`B.month`, …). */
  private has(i: number, b: number): boolean {
    const t = this.T[i];
    return t !== undefined && tokHas(t, b);
  }
  private num(i: number, min: number, max: number, maxDigits = 4): number | undefined {
    const t = this.T[i];
    if (!t || t.kind !== 'n' || t.num === undefined || !Number.isFinite(t.num) || (t.digits ?? 0) > maxDigits) return undefined;
    return t.num >= min && t.num <= max ? t.num : undefined;
  }
  private p(i: number, chars: string): boolean {
    const t = this.T[i];
    return !!t && t.kind === 'p' && chars.includes(t.t);
  }
  /** Token i directly follows token i-1 (no whitespace). */
  private tight(i: number): boolean {
    const t = this.T[i];
    return !!t && !t.sp;
  }
  private skipConnectors(j: number, max = 2): number {
    let k = 0;
    while (k < max && this.has(j, B.connector)) {
      j++;
      k++;
    }
    return j;
  }
  private year(i: number): number | undefined {
    return this.num(i, 1000, 2999);
  }

  /** All rules at token i; the longest candidate wins (the first of equals). */
  at(i: number): Cand | null {
    let best = this.modded(i);
    best = longer(best, this.podBefore(i));
    best = longer(best, this.clock(i));
    best = longer(best, this.dayRange(i));
    best = longer(best, this.withRange(i, this.withEquivalent(this.core(i))));
    return best ? this.dayThenClock(best) : null;
  }

  /** "昨天下午3点", "Tuesday at 3 p.m.": a day followed by a clock time on that day. */
  private dayThenClock(c: Cand): Cand {
    if (c.time || !DAYLIKE.has(c.sem.k)) return c;
    if (c.sem.k === 'date' && c.sem.d === undefined) return c;
    const tries = c.pod ? [c.e - 1, c.e] : [c.e];
    if (this.has(c.e, B.clockLinker)) tries.push(c.e + 1);
    for (const at of tries) {
      if (at < c.s || this.T[at]?.nl) continue;
      const t = this.clockTime(at);
      if (t) return { ...c, e: t.e, time: { h: t.h, mi: t.mi } };
    }
    return c;
  }

  /**
   * "5 ربيع الآخر 1441 هـ الموافق 2 ديسمبر 2019": a Hijri and a Gregorian date joined by an
   * equivalence word are parsed as one date with the Gregorian value, the Hijri one checked
   * against it (`hijri-mismatch`). They are still reported as two spans (see `pair`), both
   * carrying the Gregorian value, as the corpus annotates each written date separately.
   */
  private withEquivalent(a: Cand | null): Cand | null {
    if (!a || a.sem.k !== 'date' || a.sem.d === undefined) return a;
    let j = a.e;
    const paren = this.p(j, '(（');
    if (paren || this.p(j, ',،')) j++;
    if (!this.has(j, B.equivalent)) return a;
    j++;
    const b = this.textDate(j) ?? this.numericDate(j);
    if (!b || b.sem.k !== 'date' || b.sem.d === undefined || !!b.sem.hijri === !!a.sem.hijri) return a;
    let e = b.e;
    if (paren) {
      if (!this.p(e, ')）')) return a;
      e++;
    }
    const [greg, hij] = a.sem.hijri ? [b.sem, a.sem] : [a.sem, b.sem];
    return { ...a, e, sem: { ...greg, wd: greg.wd ?? hij.wd, check: hij }, pair: { aEnd: a.e, bStart: j, bEnd: b.e } };
  }

  private core(i: number): Cand | null {
    let best = this.numericDate(i);
    best = longer(best, this.textDate(i));
    best = longer(best, this.cjkDate(i));
    best = longer(best, this.relday(i));
    best = longer(best, this.weekday(i));
    best = longer(best, this.relUnit(i));
    best = longer(best, this.ago(i));
    best = longer(best, this.yearExpr(i));
    best = longer(best, this.decade(i));
    best = longer(best, this.part(i));
    best = longer(best, this.holiday(i));
    if (best) best = this.podAfter(best);
    return best;
  }

  /** "early 2019", "mid-December", "مطلع العام المقبل", "в начале августа". */
  private modded(i: number): Cand | null {
    const m = this.cat(i, 'modBefore');
    if (!m || m.c !== 'modBefore') return null;
    let j = i + 1;
    if (this.p(j, '-') && this.tight(j)) j++;
    j = this.skipConnectors(j);
    if (this.has(j, B.clockLinker)) j++;
    const c = this.core(j) ?? this.podBefore(j);
    if (!c || c.sem.k === 'ago') return null;
    return { ...c, s: i, mod: m.mod };
  }

  /** "صباح اليوم", "ليلة الخميس", "la noche del domingo". */
  private podBefore(i: number): Cand | null {
    const p = this.cat(i, 'pod');
    if (!p || p.c !== 'pod') return null;
    const j = this.skipConnectors(i + 1);
    const c = this.core(j);
    if (!c || !DAYLIKE.has(c.sem.k)) return null;
    if (c.sem.k === 'date' && c.sem.d === undefined) return null;
    return { ...c, s: i, pod: c.pod ?? p.pod };
  }

  /** "Tuesday night", "12月30日上午", "el domingo por la noche". */
  private podAfter(c: Cand): Cand {
    if (!DAYLIKE.has(c.sem.k)) return c;
    if (c.sem.k === 'date' && c.sem.d === undefined) return c;
    const p = this.cat(c.e, 'pod');
    if (p && p.c === 'pod' && !this.T[c.e]!.nl) return { ...c, e: c.e + 1, pod: p.pod };
    return c;
  }

  /** "3:30 p.m. local time on Monday", "الساعة الثالثة من بعد ظهر اليوم", "下午3点", "15h30". */
  private clock(i: number): Cand | null {
    const t = this.clockTime(i);
    if (!t) return null;
    const j = t.e;
    // The day it belongs to.
    let linkJ = j;
    if (this.has(linkJ, B.clockLinker) || this.has(linkJ, B.connector)) linkJ++;
    const day = this.core(linkJ) ?? this.podBefore(linkJ);
    if (day && DAYLIKE.has(day.sem.k) && (day.sem.k !== 'date' || day.sem.d !== undefined)) {
      return { ...day, s: i, time: { h: t.h, mi: t.mi } };
    }
    return { s: i, e: j, sem: { k: 'relday', off: 0 }, time: { h: t.h, mi: t.mi } };
  }

  /** A clock time alone: "3:30 p.m.", "الساعة العاشرة صباحا", "下午3时30分"; null when not a time. */
  private clockTime(i: number): { e: number; h: number; mi: number } | null {
    let j = i;
    let pm: boolean | undefined;
    const podFirst = this.cat(j, 'pod');
    if (podFirst && this.T[j + 1]?.kind === 'n') {
      pm = this.has(j, B.pm) ? true : this.has(j, B.am) ? false : undefined;
      j++;
    }
    const noun = this.has(j, B.clockNoun);
    if (noun) j++;
    let h: number | undefined;
    let mi = 0;
    let colon = false;
    const hn = this.num(j, 0, 24, 2);
    const hw = this.cat(j, 'ordinal') ?? this.cat(j, 'number');
    if (hn !== undefined) {
      h = hn;
      j++;
      if (this.p(j, ':') && this.tight(j) && this.num(j + 1, 0, 59, 2) !== undefined && this.T[j + 1]!.digits === 2 && this.tight(j + 1)) {
        mi = this.num(j + 1, 0, 59, 2)!;
        colon = true;
        j += 2;
      } else if (this.has(j, B.hourMark)) {
        j++;
        const m2 = this.num(j, 0, 59, 2);
        if (m2 !== undefined) {
          mi = m2;
          j++;
          if (this.has(j, B.minuteMark)) j++;
        }
      } else if (!noun && !this.has(j, B.am) && !this.has(j, B.pm)) return null;
    } else if (noun && hw && 'v' in hw && hw.v >= 1 && hw.v <= 12) {
      h = hw.v;
      j++;
    } else return null;
    const afterNum = j;
    const connectorThenPod = this.has(j, B.connector) && this.has(j + 1, B.pod) ? 1 : 0;
    const k = j + connectorThenPod;
    if (this.has(k, B.pm)) {
      pm = true;
      j = k + 1;
    } else if (this.has(k, B.am)) {
      pm = false;
      j = k + 1;
    } else if (this.has(k, B.pod)) {
      const pc = this.cat(k, 'pod');
      if (pc && pc.c === 'pod' && (pc.pod === 'afternoon' || pc.pod === 'evening' || pc.pod === 'night')) pm = true;
      j = k + 1;
    }
    if (j === afterNum && !noun && pm === undefined && !colon && mi === 0 && !this.has(afterNum - 1, B.hourMark)) return null;
    if (h === undefined || h > 24) return null;
    if (pm === true && h < 12) h += 12;
    if (pm === false && h === 12) h = 0;
    if (this.has(j, B.localTime)) j++;
    return { e: j, h: h % 24, mi };
  }

  /** "2–5 December 2019", "du 2 au 5 décembre", "del 2 al 5 de diciembre". */
  private dayRange(i: number): Cand | null {
    let j = i;
    const from = this.has(j, B.rangeFrom);
    if (from) j++;
    if (from && this.has(j, B.article)) j++;
    const d1 = this.num(j, 1, 31, 2);
    if (d1 === undefined) return null;
    j++;
    if (!this.has(j, B.rangeTo) && !this.p(j, '-–') && !(from && this.has(j, B.rangeAnd))) return null;
    if (this.has(j + 1, B.article)) j++;
    const second = this.textDate(j + 1);
    if (!second || second.sem.k !== 'date' || second.sem.d === undefined || second.sem.d <= d1) return null;
    return { s: i, e: second.e, sem: { ...second.sem, d: d1 }, range: second.sem };
  }

  /** "between 2005 and 2008", "من 2005 إلى 2008", "2019-2020". */
  private withRange(i: number, a: Cand | null): Cand | null {
    if (!a || (a.sem.k !== 'year' && a.sem.k !== 'date')) return a;
    const from = this.has(i - 1, B.rangeFrom);
    const j = a.e;
    const isTo = this.has(j, B.rangeTo) || (this.p(j, '-–') && this.tight(j));
    const isAnd = this.has(j, B.rangeAnd) && from;
    if (!isTo && !isAnd) return a;
    const b = this.textDate(j + 1) ?? this.numericDate(j + 1) ?? this.yearExpr(j + 1) ?? this.rangeEnd(j + 1, a.sem);
    if (!b || b.sem.k !== a.sem.k) return a;
    return { ...a, s: from ? i - 1 : i, e: b.e, range: b.sem };
  }

  /**
   * The end of a range that names only what differs from its start `a`: a day ("Dec. 9-11",
   * "12月5日至8日") or a month ("今年1月至10月"); it takes the rest from `a`.
   */
  private rangeEnd(i: number, a: Sem): Cand | null {
    if (a.k !== 'date' || a.m === undefined || a.hijri) return null;
    const z = this.cjkDate(i);
    if (z && z.sem.k === 'zhday' && z.sem.mOff === undefined && a.d !== undefined && z.sem.d > a.d) {
      return { s: i, e: z.e, sem: { ...a, d: z.sem.d } };
    }
    if (z && z.sem.k === 'date' && z.sem.y === undefined && z.sem.yOff === undefined && z.sem.m !== undefined && z.sem.d === undefined && a.d === undefined && z.sem.m > a.m) {
      return { s: i, e: z.e, sem: { ...a, m: z.sem.m } };
    }
    // A full month-day end ("12月28日至1月3日"): its year is settled like the start's.
    if (z && z.sem.k === 'date' && z.sem.m !== undefined && z.sem.d !== undefined && a.d !== undefined) return z;
    if (z) return null;
    const d = this.num(i, 1, 31, 2);
    const nx = this.T[i + 1];
    if (d === undefined || a.d === undefined || d <= a.d || !this.tight(i)) return null;
    if (nx && this.tight(i + 1) && (nx.kind === 'n' || nx.kind === 'w')) return null;
    return { s: i, e: i + 1, sem: { ...a, d } };
  }

  /** 2019-12-02, 2019/12/2, 2/12/2019, 02.12.2019. */
  private numericDate(i: number): Cand | null {
    const a = this.T[i], b = this.T[i + 2], c = this.T[i + 4];
    if (!a || !b || !c || a.kind !== 'n' || b.kind !== 'n' || c.kind !== 'n') return null;
    const s1 = this.T[i + 1]!, s2 = this.T[i + 3]!;
    if (s1.kind !== 'p' || s1.t !== s2.t || !'-/.'.includes(s1.t)) return null;
    if (!this.tight(i + 1) || !this.tight(i + 2) || !this.tight(i + 3) || !this.tight(i + 4)) return null;
    if (this.T[i + 5] && this.tight(i + 5) && (this.T[i + 5]!.kind === 'n' || this.p(i + 5, '-/') && this.T[i + 6]?.kind === 'n')) return null;
    const [x, y, z] = [a.num!, b.num!, c.num!];
    if (a.digits === 4) {
      return { s: i, e: i + 5, sem: { k: 'date', y: x, m: y, d: z } };
    }
    if (c.digits === 4 && (a.digits ?? 0) <= 2 && (b.digits ?? 0) <= 2) {
      if (x > 12 && y <= 12) return { s: i, e: i + 5, sem: { k: 'date', y: z, m: y, d: x } };
      if (y > 12 && x <= 12) return { s: i, e: i + 5, sem: { k: 'date', y: z, m: x, d: y } };
      return { s: i, e: i + 5, sem: { k: 'date', y: z, m: y, d: x, ambiguous: { m: x, d: y } } };
    }
    return null;
  }

  private monthAt(i: number, withDay: boolean): { m: number; e: number } | null {
    const mc = this.cat(i, 'month');
    if (!mc || mc.c !== 'month') return null;
    let e = i + 1;
    if (this.p(e, '.') && this.tight(e) && (this.T[e + 1]?.kind === 'n' || this.p(e + 1, ','))) e++;
    // doubled names: "كانون الأول/ديسمبر"
    if (this.p(e, '/') && this.has(e + 1, B.month)) e += 2;
    if (!withDay && mc.ctx) return { m: mc.v, e: -e };
    return { m: mc.v, e };
  }

  /** "2 December 2019", "Dec. 2, 2019", "الثاني من ديسمبر", "December 2019", "Monday, Dec. 2". */
  private textDate(i: number): Cand | null {
    let j = i;
    let wd: number | undefined;
    const w = this.cat(j, 'weekday');
    if (w && w.c === 'weekday' && w.wk === undefined) {
      wd = w.v;
      j++;
      if (this.p(j, ',،')) j++;
    }
    const start = j;
    let d: number | undefined;
    let m: number | undefined;
    let y: number | undefined;
    let hijri = false;
    let e = -1;
    const dn = this.num(j, 1, 31, 2);
    const ord = this.cat(j, 'ordinal');
    if (dn !== undefined || (ord && 'v' in ord)) {
      let k = j + 1;
      if (dn !== undefined && this.has(k, B.ordSuffix) && this.tight(k)) k++;
      k = this.skipConnectors(k);
      const mo = this.monthAt(k, true);
      const hm = this.cat(k, 'hmonth');
      if (mo) {
        d = dn ?? (ord as { v: number }).v;
        m = mo.m;
        e = mo.e;
      } else if (hm && hm.c === 'hmonth' && dn !== undefined) {
        d = dn;
        m = hm.v;
        e = k + 1;
        hijri = true;
      }
    }
    if (e < 0) {
      const mo = this.monthAt(j, false);
      if (!mo) return null;
      const dm = this.num(Math.abs(mo.e), 1, 31, 2);
      if (dm !== undefined && !this.p(Math.abs(mo.e) + 1, ':')) {
        m = mo.m;
        d = dm;
        e = Math.abs(mo.e) + 1;
        if (this.has(e, B.ordSuffix) && this.tight(e)) e++;
      } else {
        m = mo.m;
        e = Math.abs(mo.e);
        const yy = this.yearAfter(e);
        if (yy) {
          y = yy.y;
          e = yy.e;
        } else {
          const modified = this.has(e, B.relAfter) || this.has(j - 1, B.relBefore);
          if (mo.e < 0 && !modified) return null;
          if (this.needCapital && !this.T[j]!.cap) return null;
        }
      }
    }
    if (d !== undefined && y === undefined) {
      const yy = this.yearAfter(e);
      if (yy) {
        y = yy.y;
        e = yy.e;
      }
    }
    if (hijri) {
      if (y === undefined) return null;
      if (this.has(e, B.hijriSuffix)) e++;
    }
    let dir: number | undefined;
    if (y === undefined) {
      const ra = this.cat(e, 'relAfter');
      const rb = this.cat(start - 1, 'relBefore');
      if (ra && ra.c === 'relAfter') {
        dir = ra.v;
        e++;
      } else if (rb && rb.c === 'relBefore' && wd === undefined) {
        dir = rb.v;
        return { s: start - 1, e, sem: { k: 'date', m, d, dir } };
      }
    }
    return { s: i, e, sem: { k: 'date', y, m, d, wd, hijri, dir } };
  }

  /** A year after a month/day: ", 2019", " de 2019", " 2019 года", "2019 م". */
  private yearAfter(e: number): { y: number; e: number } | null {
    let k = e;
    if (this.p(k, ',،')) k++;
    k = this.skipConnectors(k);
    if (this.has(k, B.yearNoun)) k++;
    const y = this.year(k);
    if (y === undefined) return null;
    if (this.T[k + 1] && this.tight(k + 1) && this.T[k + 1]!.kind === 'n') return null;
    k++;
    if (this.has(k, B.yearSuffix) || this.has(k, B.yearMark)) k++;
    // "2019 г.": the dot of an abbreviated suffix (not a sentence-final dot after "года").
    if (this.p(k, '.') && this.tight(k) && this.has(k - 1, B.yearSuffix) && this.T[k - 1]!.t.length <= 2) k++;
    return { y, e: k };
  }

  /** 2019年12月2日, 12月2日, 31日, 二〇一九年, 去年12月 (a month or day of a relative year). */
  private cjkDate(i: number): Cand | null {
    const ry = this.cat(i, 'relPhrase');
    if (ry && ry.c === 'relPhrase' && ry.unit === 'year' && !ry.mod && this.tight(i + 1) && this.T[i + 1]?.kind === 'n') {
      const inner = this.cjkDate(i + 1);
      if (inner && inner.sem.k === 'date' && inner.sem.y === undefined && inner.sem.m !== undefined) {
        return { ...inner, s: i, sem: { ...inner.sem, yOff: ry.v } };
      }
      return null;
    }
    let j = i;
    let y: number | undefined, m: number | undefined, d: number | undefined;
    if (this.T[j]?.kind === 'n' && this.has(j + 1, B.yearMark) && (this.T[j]!.digits ?? 0) === 4) {
      y = this.T[j]!.num;
      j += 2;
    }
    if (this.num(j, 1, 12, 2) !== undefined && this.has(j + 1, B.monthMark)) {
      m = this.T[j]!.num;
      j += 2;
    }
    if (this.num(j, 1, 31, 2) !== undefined && this.has(j + 1, B.dayMark)) {
      if (m === undefined && y !== undefined) return null;
      d = this.T[j]!.num;
      j += 2;
    }
    if (j === i) return null;
    if (this.has(j, B.decadeMark)) return null;
    if (y !== undefined && m === undefined) {
      const pt = d === undefined ? this.part(j) : null;
      if (pt && pt.sem.k === 'part' && pt.sem.y === undefined && pt.sem.rel === undefined && pt.sem.yOff === undefined && pt.s === j) {
        return { s: i, e: pt.e, sem: { ...pt.sem, y } };
      }
      return { s: i, e: j, sem: { k: 'year', y } };
    }
    if (m === undefined && d !== undefined) {
      // "本月二十日", "上月15日": a day of a relative month.
      const rm = this.cat(i - 1, 'relPhrase');
      if (y === undefined && rm && rm.c === 'relPhrase' && rm.unit === 'month' && !rm.mod && this.tight(i)) {
        return { s: i - 1, e: j, sem: { k: 'zhday', d, mOff: rm.v } };
      }
      return { s: i, e: j, sem: { k: 'zhday', d } };
    }
    if (m === undefined) return null;
    const mod = this.cat(j, 'modAfter');
    const out: Cand = { s: i, e: j, sem: { k: 'date', y, m, d } };
    if (mod && mod.c === 'modAfter' && d === undefined) {
      out.e = j + 1;
      out.mod = mod.mod;
    }
    return out;
  }

  /** "اليوم (الاثنين)", "yesterday", "أمس الجمعة", "اليوم الخميس (التاسع من تشرين الثاني/نوفمبر 2017)". */
  private relday(i: number): Cand | null {
    const r = this.cat(i, 'relday');
    if (!r || r.c !== 'relday') return null;
    if (this.has(i - 1, B.reldayBlocker)) return null;
    let e = i + 1;
    let wd: number | undefined;
    let date: Sem | undefined;
    const tryWeekday = (k: number): number => {
      const paren = this.p(k, '(（') ? 1 : this.p(k, ',،') ? 1 : 0;
      const w = this.cat(k + paren, 'weekday');
      if (w && w.c === 'weekday' && w.wk === undefined) {
        wd = w.v;
        let end = k + paren + 1;
        if (paren && this.p(k, '(（')) {
          if (!this.p(end, ')）')) return k;
          end++;
        }
        return end;
      }
      return k;
    };
    e = tryWeekday(e);
    const att = this.attachedDate(e, { comma: false, noWeekday: false });
    if (att) {
      date = att.sem;
      e = att.e;
    }
    return { s: i, e, sem: { k: 'relday', off: r.v, wd, date } };
  }

  /** "on Thursday", "يوم الخميس الماضي", "last Friday", "上周四", "Sunday (Aug 30)". */
  private weekday(i: number): Cand | null {
    let j = i;
    let dir: number | undefined;
    if (this.has(j, B.dayNoun) && this.has(j + 1, B.relBefore) && this.has(j + 2, B.weekday)) j++;
    const rb = this.cat(j, 'relBefore');
    if (rb && rb.c === 'relBefore') {
      dir = rb.v;
      j++;
    }
    if (this.has(j, B.dayNoun) && this.has(j + 1, B.weekday)) j++;
    const w = this.cat(j, 'weekday');
    if (!w || w.c !== 'weekday') return null;
    let e = j + 1;
    const ra = this.cat(e, 'relAfter');
    if (ra && ra.c === 'relAfter' && dir === undefined) {
      dir = ra.v;
      e++;
    }
    let date: Sem | undefined;
    const att = this.attachedDate(e, { comma: true, noWeekday: true });
    if (att) {
      date = att.sem;
      e = att.e;
    }
    return { s: i, e, sem: { k: 'weekday', wd: w.v, dir, wk: w.wk, date } };
  }

  /**
   * A full date written right after a day word at token `e`: "(Aug 31)", "Aug 31",
   * or with `comma` ", Aug 31". With `noWeekday` a date that names its own weekday is refused.
   */
  private attachedDate(e: number, opts: { comma: boolean; noWeekday: boolean }): { sem: Sem; e: number } | null {
    const paren = this.p(e, '(（');
    const sep = paren || (opts.comma && this.p(e, ',،'));
    const k = e + (sep ? 1 : 0);
    const inner = this.textDate(k) ?? this.numericDate(k);
    if (!inner || inner.sem.k !== 'date' || inner.sem.d === undefined) return null;
    if (opts.noWeekday && inner.sem.wd !== undefined) return null;
    if (!paren) return { sem: inner.sem, e: inner.e };
    return this.p(inner.e, ')）') ? { sem: inner.sem, e: inner.e + 1 } : null;
  }

  /** "last week", "هذا العام", "العام الجاري", "l'année dernière", "去年". */
  private relUnit(i: number): Cand | null {
    const rp = this.cat(i, 'relPhrase');
    if (rp && rp.c === 'relPhrase') {
      const named = this.namedMonth(i + 1, rp.unit, rp.v);
      if (named && !rp.mod) return { ...named, s: i };
      const out: Cand = { s: i, e: i + 1, sem: { k: 'rel', unit: rp.unit, off: rp.v } };
      if (rp.mod) out.mod = rp.mod;
      // "去年底", "本月上旬": an edge right after; "今年年底": the unit repeated, then its edge.
      const m1 = this.cat(i + 1, 'modAfter');
      const u2 = this.cat(i + 1, 'unit');
      const m2 = this.cat(i + 2, 'modAfter');
      if (!rp.mod && m1 && m1.c === 'modAfter' && m1.mod !== 'APPROX' && this.tight(i + 1)) {
        out.e = i + 2;
        out.mod = m1.mod;
      } else if (!rp.mod && u2 && u2.c === 'unit' && u2.unit === rp.unit && m2 && m2.c === 'modAfter' && this.tight(i + 1) && this.tight(i + 2)) {
        out.e = i + 3;
        out.mod = m2.mod;
      }
      return out;
    }
    // "年底", "月初": the current unit's edge, when no number precedes the unit.
    const ue = this.cat(i, 'unit');
    const me = this.cat(i + 1, 'modAfter');
    if (ue && ue.c === 'unit' && ue.count === undefined && me && me.c === 'modAfter' && me.mod !== 'APPROX' && this.tight(i + 1)) {
      const prev = this.T[i - 1];
      if (!(prev && this.tight(i) && (prev.kind === 'n' || (tokHas(prev, B.relPhrase) || tokHas(prev, B.month))))) {
        return { s: i, e: i + 2, sem: { k: 'rel', unit: ue.unit, off: 0 }, mod: me.mod };
      }
    }
    const rb = this.cat(i, 'relBefore');
    const u1 = this.cat(i + 1, 'unit');
    if (rb && rb.c === 'relBefore' && u1 && u1.c === 'unit' && u1.count === undefined) {
      const named = this.namedMonth(i + 2, u1.unit, rb.v);
      if (named) return { ...named, s: i };
      return { s: i, e: i + 2, sem: { k: 'rel', unit: u1.unit, off: rb.v } };
    }
    const u = this.cat(i, 'unit');
    const ra = this.cat(i + 1, 'relAfter');
    if (u && u.c === 'unit' && u.count === undefined && ra && ra.c === 'relAfter') {
      return { s: i, e: i + 2, sem: { k: 'rel', unit: u.unit, off: ra.v } };
    }
    return null;
  }

  /**
   * "el pasado mes de octubre", "el próximo mes de enero": after a relative month phrase ending
   * at token `i`, a month name (optionally after a connector) names that month, in direction `dir`.
   */
  private namedMonth(i: number, unit: Unit, dir: number): Cand | null {
    if (unit !== 'month' || !this.has(i, B.connector)) return null;
    const k = i + 1;
    const mn = this.cat(k, 'month');
    if (!mn || mn.c !== 'month' || this.T[k]!.nl) return null;
    return { s: i, e: k + 1, sem: { k: 'date', m: mn.v, dir } };
  }

  private count(i: number): { n: number; e: number; unit?: Unit } | null {
    const n = this.num(i, 1, 999, 3);
    const nw = this.cat(i, 'number');
    const uc = this.cat(i, 'unit');
    if (uc && uc.c === 'unit' && uc.count) return { n: uc.count, e: i + 1, unit: uc.unit };
    // A singular unit word alone counts one ("قبل أسبوع", "месяц назад"), unless it names what
    // follows ("قبل شهر رمضان", "قبل عام 2011").
    if (uc && uc.c === 'unit' && this.has(i, B.singleUnit)) {
      const nx = this.T[i + 1];
      const named = nx && !nx.nl && (nx.kind === 'n' || this.has(i + 1, B.month) || this.has(i + 1, B.hmonth) || this.has(i + 1, B.holiday));
      return named ? null : { n: 1, e: i + 1, unit: uc.unit };
    }
    if (n !== undefined) return { n, e: i + 1 };
    if (nw && nw.c === 'number') return { n: nw.v, e: i + 1 };
    return null;
  }

  /** "two days ago", "قبل يومين", "hace dos años", "три года назад", "三年前", "in two weeks". */
  private ago(i: number): Cand | null {
    const before = this.has(i, B.agoBefore) ? -1 : this.has(i, B.laterBefore) ? 1 : 0;
    const j = before ? i + 1 : i;
    const c = this.count(j);
    if (!c) return null;
    let unit = c.unit;
    let e = c.e;
    if (!unit) {
      const u = this.cat(e, 'unit');
      if (!u || u.c !== 'unit' || (u.count !== undefined && u.count !== 0)) return null;
      unit = u.unit;
      e++;
    }
    if (unit === 'weekend') return null;
    if (before) return { s: i, e, sem: { k: 'ago', unit, n: c.n, sign: before } };
    const after = this.has(e, B.agoAfter) ? -1 : this.has(e, B.laterAfter) ? 1 : 0;
    if (!after) return null;
    return { s: i, e: e + 1, sem: { k: 'ago', unit, n: c.n, sign: after } };
  }

  /** "عام 1949", "in 1949", "2019", "2014年". */
  private yearExpr(i: number): Cand | null {
    let j = i;
    const noun = this.has(j, B.yearNoun);
    if (noun) j++;
    const t = this.T[j];
    const y = this.year(j);
    if (y === undefined || !t || t.digits !== 4) return null;
    const next = this.T[j + 1];
    if (next && this.tight(j + 1) && (next.kind === 'n' || next.kind === 'w') && !this.has(j + 1, B.yearMark) && !this.has(j + 1, B.yearSuffix)) return null;
    if (next && this.tight(j + 1) && this.p(j + 1, ',.') && this.T[j + 2]?.kind === 'n' && this.tight(j + 2)) return null;
    const prev = this.T[j - 1];
    if (prev && this.tight(j) && (prev.kind === 'n' || (this.p(j - 1, ',.') && this.T[j - 2]?.kind === 'n' && this.tight(j - 1)))) return null;
    if (!noun) {
      if (y < 1900 || y > 2099) return null;
      if (this.has(j - 1, B.notYearBefore)) return null;
      if (this.has(j + 1, B.notYearAfter) || this.p(j + 1, '%')) return null;
      if (this.p(j + 1, ':') && this.T[j + 2]?.kind === 'n') return null;
    }
    let e = j + 1;
    if (this.has(e, B.yearSuffix) || this.has(e, B.yearMark)) e++;
    return { s: i, e, sem: { k: 'year', y } };
  }

  /** "Christmas", "next Easter", "عيد الفطر المبارك لعام 2019", "明年春节", "2020年春节", "Navidad de 2018". */
  private holiday(i: number): Cand | null {
    let j = i;
    let dir: number | undefined;
    let yOff: number | undefined;
    let y: number | undefined;
    const rb = this.cat(j, 'relBefore');
    const rp = this.cat(j, 'relPhrase');
    if (rb && rb.c === 'relBefore' && this.has(j + 1, B.holiday)) {
      dir = rb.v;
      j++;
    } else if (rp && rp.c === 'relPhrase' && rp.unit === 'year' && !rp.mod && this.has(j + 1, B.holiday)) {
      yOff = rp.v;
      j++;
    } else if (this.T[j]?.kind === 'n' && this.T[j]!.digits === 4 && this.has(j + 1, B.yearMark) && this.has(j + 2, B.holiday)) {
      y = this.year(j);
      if (y === undefined) return null;
      j += 2;
    }
    const h = this.cat(j, 'holiday');
    if (!h || h.c !== 'holiday') return null;
    if (this.nameCheck && j === i && this.insideName(j)) return null;
    let e = j + 1;
    if (y === undefined && dir === undefined && yOff === undefined) {
      const yy = this.yearAfter(e);
      const ra = this.cat(e, 'relAfter');
      if (yy) {
        y = yy.y;
        e = yy.e;
      } else if (ra && ra.c === 'relAfter') {
        dir = ra.v;
        e++;
      }
    }
    // "2020年新年戏曲晚会": the holiday (and its year) name an event held on another day.
    if (this.has(e, B.nameHead) && this.tight(e)) return { s: i, e, sem: { k: 'holiday', id: h.id, y, yOff, dir, inName: true } };
    return { s: i, e, sem: { k: 'holiday', id: h.id, y, yOff, dir } };
  }

  /**
   * A capitalized holiday word that continues a name: "scholar Tariq Ramadan said". The word
   * before must be a capitalized word no lexicon knows that does not open a sentence (any
   * word is capitalized there: "During Ramadan"), and the word after must not be capitalized
   * (a title-case headline: "Muslims Begin Ramadan Fast").
   */
  private insideName(j: number): boolean {
    const t = this.T[j]!, prev = this.T[j - 1], before = this.T[j - 2], next = this.T[j + 1];
    if (!t.cap || !t.sp || t.nl || !prev || prev.kind !== 'w' || !prev.cap || prev.cats.length > 0) return false;
    if (!before || prev.nl || (before.kind === 'p' && SENTENCE_OPENERS.has(before.t))) return false;
    if (next && next.kind === 'w' && next.cap && !next.nl) return false;
    return true;
  }

  /** "the 1990s", "1960s", "التسعينيات", "90年代", "les années 1990", "1990-х". */
  private decade(i: number): Cand | null {
    const dw = this.cat(i, 'decadeWord');
    if (dw && dw.c === 'decadeWord') return { s: i, e: i + 1, sem: { k: 'decade', v: dw.v } };
    let j = i;
    const pre = this.has(j, B.decadePrefix);
    if (pre) j++;
    if (this.p(j, "'") && this.T[j + 1]?.digits === 2) j++;
    const t = this.T[j];
    if (!t || t.kind !== 'n' || t.num === undefined) return null;
    let v: number | null = null;
    if (t.digits === 4 && t.num % 10 === 0 && t.num >= 1000 && t.num < 3000) v = t.num / 10;
    else if (t.digits === 2 && t.num % 10 === 0) v = t.num >= 30 ? 190 + t.num / 10 : 200 + t.num / 10;
    if (v === null) return null;
    let e = j + 1;
    if (this.p(e, '-') && this.tight(e) && this.has(e + 1, B.decadeSuffix)) e += 2;
    else if (this.has(e, B.decadeSuffix) && this.tight(e)) e++;
    else if (this.has(e, B.decadeMark)) e++;
    else if (!pre) return null;
    if (e > j + 1 && this.has(e, B.yearSuffix)) e++;
    const ma = this.cat(e, 'modAfter');
    if (ma && ma.c === 'modAfter' && ma.mod !== 'APPROX' && this.tight(e)) return { s: i, e: e + 1, sem: { k: 'decade', v }, mod: ma.mod };
    return { s: i, e, sem: { k: 'decade', v } };
  }

  /** "the third quarter of 2019", "Q3 2019", "الربع الثالث من عام 2019", "第三季度", "summer 2019". */
  private part(i: number): Cand | null {
    let j = i;
    let kind: 'Q' | 'H' | 'season' | null = null;
    let n: number | string | undefined;
    const hp = this.cat(j, 'halfPhrase');
    if (hp && hp.c === 'halfPhrase') {
      kind = 'H';
      n = hp.v;
      j++;
    } else if ((this.has(j, B.quarterPrefix) || this.has(j, B.halfPrefix)) && this.num(j + 1, 1, 4, 1) !== undefined && this.tight(j + 1)) {
      kind = this.has(j, B.quarterPrefix) && !this.has(j + 2, B.halfNoun) ? 'Q' : 'H';
      n = this.T[j + 1]!.num!;
      j += 2;
      if (this.has(j, B.quarterNoun)) {
        kind = 'Q';
        j++;
      }
    } else {
      const o1 = this.cat(j, 'ordinal');
      if (o1 && 'v' in o1 && (this.has(j + 1, B.quarterNoun) || this.has(j + 1, B.halfNoun))) {
        kind = this.has(j + 1, B.quarterNoun) ? 'Q' : 'H';
        n = o1.v;
        j += 2;
      } else if (this.has(j, B.quarterNoun) || this.has(j, B.halfNoun)) {
        const o2 = this.cat(j + 1, 'ordinal');
        if (o2 && 'v' in o2) {
          kind = this.has(j, B.quarterNoun) ? 'Q' : 'H';
          n = o2.v;
          j += 2;
        }
      } else {
        const s = this.cat(j, 'season');
        if (s && s.c === 'season') {
          kind = 'season';
          n = s.s;
          j++;
        }
      }
    }
    if (!kind || n === undefined) return null;
    if (kind === 'Q' && (typeof n !== 'number' || n > 4)) return null;
    if (kind === 'H' && (typeof n !== 'number' || n > 2)) return null;
    let s = i;
    if (this.has(i - 1, B.connector) && this.T[i - 1]!.t === 'the') s = i - 1;
    const yy = this.yearAfter(j);
    if (yy) return { s, e: yy.e, sem: { k: 'part', kind, n, y: yy.y } };
    const ry = this.relUnit(this.skipConnectors(j));
    if (ry && ry.sem.k === 'rel' && ry.sem.unit === 'year' && !ry.mod) return { s, e: ry.e, sem: { k: 'part', kind, n, yOff: ry.sem.off } };
    const ra = this.cat(j, 'relAfter');
    if (ra && ra.c === 'relAfter') return { s, e: j + 1, sem: { k: 'part', kind, n, rel: ra.v } };
    const rb = this.cat(i - 1, 'relBefore');
    if (rb && rb.c === 'relBefore') return { s: i - 1, e: j, sem: { k: 'part', kind, n, rel: rb.v } };
    if (kind === 'season') return null;
    return { s, e: j, sem: { k: 'part', kind, n } };
  }
}
