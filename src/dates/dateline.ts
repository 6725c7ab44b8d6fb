import { readDataYaml } from '../data-files.js';
/**
 * Dateline detection at the head of wire stories:
 * "بكين 2 ديسمبر 2019 (شينخوا)", "BEIJING, Dec. 2 (Xinhua) --", "新华社北京12月2日电",
 * "Nueva Delhi, 21 ene (EFE).-", "ПЕКИН, 2 декабря /Синьхуа/ --", "LONDON (AP) —", "(AFP) -".
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dateline, TemporalExpression } from '../types.js';
import { findPlaceMentions, lookupPlace, type Place } from '../gazetteer/places.js';
import { localRef } from './calendar.js';
import { foldKey } from './fold.js';
import { detectLanguage } from './language.js';
import { normalizeDates } from './normalize-dates.js';

export interface DetectDatelineOptions {
  lang?: string | null;
  /** Publication instant (ISO 8601); gives the year of a dateline without one. */
  published?: string | null;
}

interface DatelineData {
  agencies: Map<string, string>;
  closers: string[];
  enders: string[];
}

function loadData(): DatelineData {
  const out: DatelineData = { agencies: new Map(), closers: [], enders: [] };
  {
    const raw = (readDataYaml<Record<string, unknown>>(join(dirname(fileURLToPath(import.meta.url)), 'data', 'datelines.yaml')) ?? {});
    for (const [canon, forms] of Object.entries((raw.agencies ?? {}) as Record<string, unknown>)) {
      if (Array.isArray(forms)) for (const f of forms) if (typeof f === 'string') out.agencies.set(foldKey(f).replace(/[.\s]+/g, ' ').trim(), canon);
    }
    out.closers = Array.isArray(raw.cjkClosers) ? raw.cjkClosers.filter((x): x is string => typeof x === 'string') : [];
    out.enders = Array.isArray(raw.enders) ? raw.enders.filter((x): x is string => typeof x === 'string') : [];
  }
  return out;
}

const DATA = loadData();
const HEAD_CHARS = 700;
const MAX_LINES = 6;

const agencyKey = (s: string) => foldKey(s).replace(/[.\s]+/g, ' ').trim();

/** Canonical agency name of a bracketed credit, or the credit itself when it looks like one. */
function agencyOf(raw: string): string | null {
  const t = raw.trim();
  if (!t || t.length > 40) return null;
  const known = DATA.agencies.get(agencyKey(t));
  if (known) return known;
  // "رويترز، د ب أ" / "Reuters/dpa": first known part.
  for (const part of t.split(/[،,/;]| و/)) {
    const k = DATA.agencies.get(agencyKey(part));
    if (k) return k;
  }
  return /^[\p{L}.&' -]{2,30}$/u.test(t) && t.split(/\s+/).length <= 4 ? t : null;
}

/** A bracketed credit at `i` ("(Xinhua)", "/Синьхуа/", "«الخليج»"): [end, agency]. */
function creditAt(line: string, i: number): { end: number; agency: string | null } | null {
  const open = line[i];
  const close = open === '(' ? ')' : open === '（' ? '）' : open === '/' ? '/' : open === '«' ? '»' : open === '[' ? ']' : null;
  if (!close) return null;
  const j = line.indexOf(close, i + 1);
  if (j < 0 || j - i > 45) return null;
  const agency = agencyOf(line.slice(i + 1, j));
  return agency ? { end: j + 1, agency } : null;
}

function enderAt(line: string, i: number): number {
  const rest = line.slice(i);
  const m = /^\s*(?:\.?\s*(?:--|—|–|―|-|:)|\.-)/.exec(rest);
  return m ? i + m[0].length : -1;
}

/** Place at the start of a line: gazetteer name, or an upper-case / title-case run. */
function placeAt(line: string, lang: string | null): { end: number; text: string; place: Place | null } | null {
  const mentions = findPlaceMentions(line.slice(0, 80));
  const first = mentions[0];
  if (first && line.slice(0, first.start).trim() === '') return { end: first.end, text: line.slice(first.start, first.end), place: first.place };
  // Upper-case run: "NEWARK", "WARSAW", "SAN JUAN"
  const up = /^\s*((?:[\p{Lu}][\p{Lu}'.\-]*)(?:\s+[\p{Lu}][\p{Lu}'.\-]*){0,3})(?=[\s,(/]|$)/u.exec(line);
  if (up && up[1]!.replace(/[^\p{L}]/gu, '').length >= 3) return { end: up.index + up[0].length, text: up[1]!, place: lookupPlace(up[1]!, lang) };
  // Title-case run followed by a comma, a credit or a dash: "Nueva Delhi, 21 ene", "Baghdad (IraqiNews.com)"
  const title = /^\s*((?:\p{Lu}[\p{Ll}'\-]+)(?:\s+(?:de|del|la|el|al|\p{Lu}[\p{Ll}'\-]+)){0,3})(?=\s*[,(/]|\s+[-—–])/u.exec(line);
  if (title) return { end: title.index + title[0].length, text: title[1]!, place: lookupPlace(title[1]!, lang) };
  return null;
}

function resolveDatelineDate(expr: TemporalExpression | undefined, published: string | null | undefined): string | null {
  if (!expr || expr.grain !== 'day') return null;
  return expr.value.slice(0, 10);
}

/**
 * The dateline at the head of a story, or null.
 * A dateline date without a year takes the year that puts it nearest on or before the
 * publication date; without publication date and year it is null.
 *
 * @example
 * detectDateline('BEIJING, Dec. 2 (Xinhua) -- Chinese President', { published: '2019-12-02T10:00:00Z' })
 * // { place: 'BEIJING', placeCanonical: 'Beijing', country: 'CHN', date: '2019-12-02', agency: 'Xinhua', zone: 'Asia/Shanghai', ... }
 */
export function detectDateline(text: string, opts?: DetectDatelineOptions): Dateline | null {
  if (typeof text !== 'string' || !text) return null;
  const head = text.slice(0, HEAD_CHARS);
  const lang = opts?.lang ?? detectLanguage(head);
  const published = opts?.published ?? null;
  const pubRef = published && localRef(published) ? published : null;
  let offset = 0;
  const lines = head.split('\n');
  for (let li = 0; li < Math.min(lines.length, MAX_LINES + 4); li++) {
    const line = lines[li]!;
    const lineStart = offset;
    offset += line.length + 1;
    const lead = line.length - line.trimStart().length;
    if (!line.trim()) continue;
    const found = matchLine(line, lead, lang, pubRef);
    if (found) {
      return { ...found, start: lineStart + found.start, end: lineStart + found.end, text: text.slice(lineStart + found.start, lineStart + found.end) };
    }
    if (li >= MAX_LINES) break;
  }
  return null;
}

function matchLine(line: string, lead: number, lang: string, published: string | null): Omit<Dateline, 'text'> | null {
  // Chinese: 新华社北京12月2日电
  for (const closer of DATA.closers) {
    const ci = line.indexOf(closer);
    if (ci > 0 && ci < 40) {
      const head = line.slice(lead, ci);
      let agency: string | null = null;
      let rest = head;
      for (const [form, canon] of DATA.agencies) {
        if (form && foldKey(rest).startsWith(form) && /\p{Script=Han}/u.test(form)) {
          agency = canon;
          rest = rest.slice(form.length);
          break;
        }
      }
      if (!agency) continue;
      const m = findPlaceMentions(rest);
      const place = m[0]?.place ?? null;
      const placeText = m[0] ? rest.slice(m[0].start, m[0].end) : null;
      const dates = normalizeDates(line.slice(0, ci + 1), { lang: 'zh', ref: published, zone: place?.zone ?? null });
      const date = resolveDatelineDate(dates.find((d) => d.start >= lead), published);
      return { start: lead, end: ci + closer.length, place: placeText, placeCanonical: place?.name ?? null, country: place?.country ?? null, date, agency, zone: place?.zone ?? null };
    }
  }
  // Agency only: "(AFP) -"
  const onlyCredit = creditAt(line, lead);
  if (onlyCredit) {
    const end = enderAt(line, onlyCredit.end);
    if (end > 0) return { start: lead, end, place: null, placeCanonical: null, country: null, date: null, agency: onlyCredit.agency, zone: null };
  }
  const p = placeAt(line, lang);
  if (!p) return null;
  let i = p.end;
  // ", N.J." / ", Poland" region part, or ", Dec. 2"
  const ref = published;
  const zone = p.place?.zone ?? null;
  let date: string | null = null;
  let dateEnd = -1;
  let tail = line.slice(i, i + 80);
  const cut = tail.search(/[(（]|—|--| \//);
  if (cut >= 0) tail = tail.slice(0, cut);
  const dates = normalizeDates(tail, { lang, ref, zone });
  const anyDate = normalizeDates(tail, { lang, ref: '2000-06-15T12:00:00Z', zone: null });
  const firstDate = dates[0];
  const firstAny = anyDate[0];
  if (firstAny && /^[\s,،:\-–]*$/.test(tail.slice(0, firstAny.start).replace(/^\s*,\s*[\p{Lu}][\p{L}.]*(?:\s+[\p{Lu}][\p{L}.]*)?\s*(?=,)/u, ''))) {
    dateEnd = i + firstAny.end;
    if (firstDate && firstDate.start === firstAny.start) date = resolveDatelineDate(firstDate, published);
  }
  let j = dateEnd > 0 ? dateEnd : i;
  // Skip ", Region" before the credit when no date.
  if (dateEnd < 0) {
    const reg = /^\s*,\s*[\p{Lu}][\p{L}.]*(?:\s+[\p{Lu}][\p{L}.]*){0,2}/u.exec(line.slice(j));
    if (reg && /^\s*[(/«]/.test(line.slice(j + reg[0].length))) j += reg[0].length;
  }
  const ws = /^\s*(?:[-–—:]\s*(?=[(«/]))?/.exec(line.slice(j))![0].length;
  const credit = creditAt(line, j + ws);
  let end = -1;
  let agency: string | null = null;
  if (credit) {
    agency = credit.agency;
    end = credit.end;
    const e2 = enderAt(line, end);
    if (e2 > 0) end = e2;
  } else {
    const e2 = enderAt(line, j);
    if (e2 > 0 && (dateEnd > 0 || /--|—|–|:/.test(line.slice(j, e2)))) end = e2;
    else if (dateEnd > 0 && p.place) end = dateEnd;
  }
  if (end < 0) return null;
  if (!p.place && !agency && dateEnd < 0) return null;
  return {
    start: lead,
    end,
    place: p.text,
    placeCanonical: p.place?.name ?? null,
    country: p.place?.country ?? null,
    date,
    agency,
    zone,
  };
}
