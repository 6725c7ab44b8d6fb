/**
 * Turns a parsed candidate into a TIMEX3 value against a local reference date.
 */
import type { Grain, TemporalExpression } from '../types.js';
import {
  addMonths, fmtDay, fmtMonth, fmtWeek, fmtYear, fromDays, hijriToGregorian, isValidDate, isoWeek, toDays, weekdayOf,
  type LocalDate,
} from './calendar.js';
import { holidayDatesIn, holidayNear } from './holidays.js';
import type { Cand, Sem } from './parse.js';

export interface Resolved {
  value: string;
  grain: Grain;
  day?: LocalDate;
  flags?: string[];
  alternatives?: TemporalExpression['alternatives'];
}

export interface ResolveContext {
  /** Local reference date, or null when unknown. */
  ref: LocalDate | null;
  /** Narrative anchor (the last explicit full date) used for bare weekdays when no ref. */
  anchor: LocalDate | null;
  /** -1 past narration, +1 future; computed lazily. */
  tense: () => number;
}

const day = (x: LocalDate): Resolved => ({ value: fmtDay(x), grain: 'day', day: x });
const addDays = (x: LocalDate, n: number): LocalDate => fromDays(toDays(x.y, x.m, x.d) + n);

function weekOf(x: LocalDate, plusWeeks: number): Resolved {
  const d = addDays(x, plusWeeks * 7);
  return { value: fmtWeek(isoWeek(d.y, d.m, d.d)), grain: 'week' };
}

/** The given weekday relative to `ref`: dir -1 strictly before, +1 strictly after, 0 same ISO week; tense for on-or-before/after. */
function weekdayNear(ref: LocalDate, wd: number, dir: number | undefined, tense: number): LocalDate {
  const refWd = weekdayOf(ref.y, ref.m, ref.d);
  if (dir === 0) return addDays(ref, wd - refWd);
  if (dir === -1) return addDays(ref, -(((refWd - wd + 7) % 7) || 7));
  if (dir === 1) return addDays(ref, ((wd - refWd + 7) % 7) || 7);
  return tense > 0 ? addDays(ref, (wd - refWd + 7) % 7) : addDays(ref, -((refWd - wd + 7) % 7));
}

function resolveDate(sem: Extract<Sem, { k: 'date' }>, ctx: ResolveContext): Resolved | null {
  const { ref } = ctx;
  // "去年12月": the year is the reference year moved by the offset.
  if (sem.yOff !== undefined) {
    if (!ref) return null;
    sem = { ...sem, y: ref.y + sem.yOff, yOff: undefined };
  }
  if (sem.hijri) {
    if (sem.y === undefined || sem.m === undefined || sem.d === undefined) return null;
    const g = hijriToGregorian(sem.y, sem.m, sem.d);
    return g ? day(g) : null;
  }
  if (sem.m === undefined) return null;
  if (sem.y !== undefined) {
    if (sem.d === undefined) return { value: fmtMonth(sem.y, sem.m), grain: 'month' };
    if (!isValidDate(sem.y, sem.m, sem.d)) return null;
    const out = day({ y: sem.y, m: sem.m, d: sem.d });
    if (sem.ambiguous && isValidDate(sem.y, sem.ambiguous.m, sem.ambiguous.d)) {
      out.alternatives = [{ value: fmtDay({ y: sem.y, m: sem.ambiguous.m, d: sem.ambiguous.d }), grain: 'day', reason: 'month-first reading' }];
    }
    return out;
  }
  if (!ref) return null;
  const dir = sem.dir ?? (ctx.tense() > 0 ? 1 : -1);
  const strict = sem.dir !== undefined && sem.dir !== 0;
  if (sem.d === undefined) {
    const refIdx = ref.y * 12 + ref.m;
    let y = ref.y;
    const idx = y * 12 + sem.m;
    if (sem.dir === 0) return { value: fmtMonth(y, sem.m), grain: 'month' };
    if (dir < 0 && (idx > refIdx || (strict && idx === refIdx))) y--;
    if (dir > 0 && (idx < refIdx || (strict && idx === refIdx))) y++;
    return { value: fmtMonth(y, sem.m), grain: 'month' };
  }
  const refDays = toDays(ref.y, ref.m, ref.d);
  for (const y of dir < 0 ? [ref.y, ref.y - 1] : [ref.y, ref.y + 1]) {
    if (!isValidDate(y, sem.m, sem.d)) continue;
    const dd = toDays(y, sem.m, sem.d);
    if (dir < 0 ? dd < refDays || (!strict && dd === refDays) : dd > refDays || (!strict && dd === refDays)) return day({ y, m: sem.m, d: sem.d });
  }
  return null;
}

function resolveHoliday(sem: Extract<Sem, { k: 'holiday' }>, ctx: ResolveContext): Resolved | null {
  const { ref } = ctx;
  let y = sem.y;
  if (y === undefined && sem.yOff !== undefined) {
    if (!ref) return null;
    y = ref.y + sem.yOff;
  }
  if (y !== undefined) {
    const first = holidayDatesIn(sem.id, y)[0];
    return first ? day(first) : null;
  }
  if (!ref) return null;
  if (sem.dir === 0) {
    const here = holidayDatesIn(sem.id, ref.y)[0];
    return here ? day(here) : null;
  }
  const g = sem.dir !== undefined ? holidayNear(sem.id, ref, sem.dir, true) : holidayNear(sem.id, ref, ctx.tense() > 0 ? 1 : -1);
  return g ? day(g) : null;
}

function checkWeekday(r: Resolved | null, wd: number | undefined): Resolved | null {
  if (!r || wd === undefined || !r.day) return r;
  if (weekdayOf(r.day.y, r.day.m, r.day.d) !== wd) r.flags = [...(r.flags ?? []), 'weekday-mismatch'];
  return r;
}

/** Resolves one semantic value; null when it needs a reference that is missing. */
export function resolveSem(sem: Sem, ctx: ResolveContext): Resolved | null {
  const { ref } = ctx;
  switch (sem.k) {
    case 'date': {
      const r = checkWeekday(resolveDate(sem, ctx), sem.wd);
      if (r && sem.check) {
        const c = resolveSem(sem.check, ctx);
        if (!c || c.value !== r.value) r.flags = [...(r.flags ?? []), 'hijri-mismatch'];
      }
      return r;
    }
    case 'holiday':
      // Part of an event's name ("新年晚会"): not a date, and the span is consumed.
      return sem.inName ? null : resolveHoliday(sem, ctx);
    case 'year':
      return { value: fmtYear(sem.y), grain: 'year' };
    case 'decade':
      return { value: String(sem.v), grain: 'decade' };
    case 'part': {
      let y = sem.y;
      if (y === undefined && sem.yOff !== undefined) {
        if (!ref) return null;
        y = ref.y + sem.yOff;
      }
      if (y === undefined) {
        if (!ref) return null;
        y = ref.y;
        if (sem.rel !== undefined) {
          if (sem.kind === 'Q') {
            const q = Math.floor((ref.m - 1) / 3) + 1;
            if (sem.rel !== 0 && typeof sem.n === 'number') {
              const cur = ref.y * 4 + q - 1;
              const target = y * 4 + sem.n - 1;
              if (sem.rel < 0 && target >= cur) y--;
              if (sem.rel > 0 && target <= cur) y++;
            }
          } else y += sem.rel;
        }
      }
      const code = sem.kind === 'season' ? String(sem.n) : `${sem.kind}${sem.n}`;
      return { value: `${fmtYear(y)}-${code}`, grain: sem.kind === 'Q' ? 'quarter' : sem.kind === 'H' ? 'half' : 'season' };
    }
    case 'rel': {
      if (!ref) return null;
      switch (sem.unit) {
        case 'day':
          return day(addDays(ref, sem.off));
        case 'week':
          return weekOf(ref, sem.off);
        case 'weekend': {
          const refWd = weekdayOf(ref.y, ref.m, ref.d);
          let sat = addDays(ref, 6 - refWd);
          if (sem.off < 0 || (sem.off === 0 && refWd <= 1 && ctx.tense() < 0)) sat = addDays(ref, -(((refWd - 6 + 7) % 7) || 7));
          if (sem.off > 0) sat = addDays(ref, ((6 - refWd + 7) % 7) || 7);
          return { value: `${fmtWeek(isoWeek(sat.y, sat.m, sat.d))}-WE`, grain: 'week' };
        }
        case 'month': {
          const m = addMonths(ref.y, ref.m, sem.off);
          return { value: fmtMonth(m.y, m.m), grain: 'month' };
        }
        case 'quarter': {
          const idx = ref.y * 4 + Math.floor((ref.m - 1) / 3) + sem.off;
          return { value: `${fmtYear(Math.floor(idx / 4))}-Q${(idx % 4) + 1}`, grain: 'quarter' };
        }
        case 'year':
          return { value: fmtYear(ref.y + sem.off), grain: 'year' };
        case 'decade':
          return { value: String(Math.floor(ref.y / 10) + sem.off), grain: 'decade' };
      }
      return null;
    }
    case 'relday': {
      if (sem.date) {
        const r = resolveSem(sem.date, ctx);
        if (r?.day && ref && fmtDay(addDays(ref, sem.off)) !== r.value) r.flags = [...(r.flags ?? []), 'relative-mismatch'];
        return checkWeekday(r, sem.wd);
      }
      if (!ref) return null;
      return checkWeekday(day(addDays(ref, sem.off)), sem.wd);
    }
    case 'weekday': {
      if (sem.date) return checkWeekday(resolveSem(sem.date, ctx), sem.wd);
      const base = ref ?? ctx.anchor;
      if (!base) return null;
      if (sem.wk !== undefined) {
        const refWd = weekdayOf(base.y, base.m, base.d);
        return day(addDays(base, sem.wk * 7 + sem.wd - refWd));
      }
      const r = day(weekdayNear(base, sem.wd, sem.dir, sem.dir === undefined ? ctx.tense() : 0));
      if (!ref) r.flags = ['anchored-on-text-date'];
      return r;
    }
    case 'ago': {
      if (!ref) return null;
      const n = sem.n * sem.sign;
      switch (sem.unit) {
        case 'day':
          return day(addDays(ref, n));
        case 'week':
          return weekOf(ref, n);
        case 'month': {
          const m = addMonths(ref.y, ref.m, n);
          return { value: fmtMonth(m.y, m.m), grain: 'month' };
        }
        case 'quarter': {
          const idx = ref.y * 4 + Math.floor((ref.m - 1) / 3) + n;
          return { value: `${fmtYear(Math.floor(idx / 4))}-Q${(idx % 4) + 1}`, grain: 'quarter' };
        }
        case 'year':
          return { value: fmtYear(ref.y + n), grain: 'year' };
        case 'decade':
          return { value: String(Math.floor((ref.y + n * 10) / 10)), grain: 'decade' };
      }
      return null;
    }
    case 'zhday': {
      if (!ref) return null;
      if (sem.mOff !== undefined) {
        const mm = addMonths(ref.y, ref.m, sem.mOff);
        return isValidDate(mm.y, mm.m, sem.d) ? day({ y: mm.y, m: mm.m, d: sem.d }) : null;
      }
      const t = ctx.tense();
      let { y, m } = ref;
      if (t < 0 && sem.d > ref.d) ({ y, m } = addMonths(ref.y, ref.m, -1));
      if (t > 0 && sem.d < ref.d) ({ y, m } = addMonths(ref.y, ref.m, 1));
      // "31日" in a 30-day month: the nearest month in the same direction that has that day.
      for (let k = 0; k < 3 && !isValidDate(y, m, sem.d); k++) ({ y, m } = addMonths(y, m, t > 0 ? 1 : -1));
      return isValidDate(y, m, sem.d) ? day({ y, m, d: sem.d }) : null;
    }
  }
}

/** Resolves a whole candidate: value, clock time, range. */
export function resolveCand(c: Cand, ctx: ResolveContext): (Resolved & { range?: { from: string; to: string } }) | null {
  const r = resolveSem(c.sem, ctx);
  if (!r) return null;
  let out: Resolved & { range?: { from: string; to: string } } = { ...r };
  if (c.time && r.grain === 'day') {
    out = { ...out, value: `${r.value}T${String(c.time.h).padStart(2, '0')}:${String(c.time.mi).padStart(2, '0')}`, grain: 'minute' };
  }
  if (c.range) {
    let to = c.range;
    if (to.k === 'date' && c.sem.k === 'date' && to.y === undefined && c.sem.y !== undefined) to = { ...to, y: c.sem.y };
    let fromSem = c.sem;
    if (fromSem.k === 'date' && to.k === 'date' && fromSem.y === undefined && to.y !== undefined) {
      fromSem = { ...fromSem, y: to.y, m: fromSem.m ?? to.m };
      const f2 = resolveSem(fromSem, ctx);
      if (f2) out = { ...out, value: f2.value, day: f2.day };
    }
    // Neither end has a year ("del 2 al 5 de diciembre"): the end follows the start, not the tense.
    if (to.k === 'date' && c.sem.k === 'date' && to.y === undefined && c.sem.y === undefined && r.day && to.m !== undefined && to.d !== undefined) {
      const before = to.m < r.day.m || (to.m === r.day.m && to.d < r.day.d);
      to = { ...to, y: before ? r.day.y + 1 : r.day.y };
    }
    const rt = resolveSem(to, ctx);
    if (rt) out.range = { from: out.value, to: rt.value };
  }
  return out;
}
