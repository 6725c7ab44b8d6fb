/**
 * Duckling-style table runner for the per-language date tests: each row is a text, the exact
 * span expected inside it and the TIMEX3 value (with optional mod / flags / range), all read
 * against one fixed reference instant.
 */
import { describe, expect, it } from 'vitest';
import type { TemporalMod } from '../../../src/types.js';
import { normalizeDates } from '../../../src/dates/index.js';

/** Monday 2 December 2019, 20:15 in Beijing. */
export const REF = '2019-12-02T20:15:00+08:00';

export interface Extra {
  mod?: TemporalMod;
  flags?: string[];
  range?: { from: string; to: string };
  /** Reference instant for this row (default REF). */
  ref?: string | null;
}

export type Row = [text: string, span: string, value: string, extra?: Extra];

/** Runs `rows` (must find span with value) and `rejects` (text with no expression at all). */
export function runTable(lang: string, rows: Row[], rejects: string[] = []): void {
  describe(`date corpus ${lang}`, () => {
    it.each(rows)('%s → %s = %s', (text, span, value, extra) => {
      const got = normalizeDates(text, { lang, ref: extra?.ref === undefined ? REF : extra.ref });
      const hit = got.find((g) => g.text === span);
      expect(hit, `no "${span}" in ${JSON.stringify(got.map((g) => [g.text, g.value]))}`).toBeDefined();
      expect(text.slice(hit!.start, hit!.end)).toBe(span);
      expect(hit!.value).toBe(value);
      expect(hit!.mod).toBe(extra?.mod);
      if (extra?.flags) expect(hit!.flags ?? []).toEqual(extra.flags);
      else expect(hit!.flags ?? []).not.toContain('hijri-mismatch');
      if (extra?.range) expect(hit!.range).toEqual(extra.range);
    });
    if (rejects.length) {
      it.each(rejects)('finds no date in %s', (text) => {
        expect(normalizeDates(text, { lang, ref: REF })).toEqual([]);
      });
    }
  });
}
