import { describe, expect, it } from 'vitest';
import { allPlaces, findPlaceMentions, lookupPlace } from '../../../src/gazetteer/places.js';

describe('lookupPlace', () => {
  it('finds variant spellings in every language', () => {
    for (const n of ['بكين', 'بيجينغ', 'PÉKIN', 'Pékin', 'pekin', 'Pekín', 'Пекин', '北京', 'Beijing', 'BEIJING']) {
      expect(lookupPlace(n)?.name, n).toBe('Beijing');
    }
    expect(lookupPlace('Nueva Delhi')?.country).toBe('IND');
    expect(lookupPlace('Gaza')?.zone).toBe('Asia/Gaza');
    expect(lookupPlace('القاهرة')?.id).toBe('Q85');
    expect(lookupPlace('الإسكندرية')?.name).toBe('Alexandria');
    expect(lookupPlace('الاسكندريه')?.name).toBe('Alexandria');
    expect(lookupPlace('Atlantis')).toBeNull();
    expect(lookupPlace('')).toBeNull();
  });
  it('has capitals with complete records', () => {
    const places = allPlaces();
    expect(places.length).toBeGreaterThan(150);
    for (const p of places) {
      expect(p.zone).toMatch(/^[A-Za-z_]+\/[A-Za-z_\-/]+$/);
      expect(() => new Intl.DateTimeFormat('en', { timeZone: p.zone })).not.toThrow();
      if (p.country !== null) expect(p.country).toMatch(/^[A-Z]{3}$/);
      expect(p.names.en?.[0]).toBe(p.name);
    }
  });
});

describe('findPlaceMentions', () => {
  it('finds places at word boundaries with Arabic proclitics', () => {
    const t = 'التقى في بكين ثم ببكين ووصل إلى موسكو';
    const m = findPlaceMentions(t);
    expect(m.map((x) => [t.slice(x.start, x.end), x.place.name])).toEqual([
      ['بكين', 'Beijing'],
      ['بكين', 'Beijing'],
      ['موسكو', 'Moscow'],
    ]);
  });
  it('finds multi-word and CJK names, not substrings', () => {
    const t = 'Talks in New York and 北京, not in Limassol or Parisian cafes.';
    expect(findPlaceMentions(t).map((x) => [t.slice(x.start, x.end), x.place.name])).toEqual([
      ['New York', 'New York'],
      ['北京', 'Beijing'],
    ]);
  });
  it('survives hostile input', () => {
    expect(findPlaceMentions('ب'.repeat(200000))).toEqual([]);
  });
});
