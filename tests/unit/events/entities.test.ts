import { describe, expect, it } from 'vitest';
import { findEntityMentions, lookupEntity, normalizeName, allEntities } from '../../../src/gazetteer/entities.js';

describe('normalizeName', () => {
  it('applies NFKC, lowercase and Arabic unification', () => {
    expect(normalizeName('الرئيسُ الصينيّ')).toBe('الرئيس الصيني');
    expect(normalizeName('إيمانويل ماكرون')).toBe('ايمانويل ماكرون');
    expect(normalizeName('مدينـــة القاهرة')).toBe('مدينه القاهره');
    expect(normalizeName('مستشفى')).toBe('مستشفي');
    expect(normalizeName('  Xi   Jinping ')).toBe('xi jinping');
    expect(normalizeName('ＸＩ')).toBe('xi');
    expect(normalizeName(null as unknown as string)).toBe('');
  });
});

describe('lookupEntity', () => {
  it('finds persons by any alias', () => {
    expect(lookupEntity('شي جين بينغ')?.name).toBe('Xi Jinping');
    expect(lookupEntity('习近平', 'zh')?.id).toBe('Q15031');
    expect(lookupEntity('Николай Патрушев')?.name).toBe('Nikolai Patrushev');
    expect(lookupEntity('Erdoğan')?.name).toBe('Recep Tayyip Erdogan');
  });

  it('finds organizations and countries generated from i18n-iso-countries', () => {
    expect(lookupEntity('OTAN', 'fr')?.name).toBe('NATO');
    expect(lookupEntity('Russie', 'fr')?.id).toBe('RUS');
    expect(lookupEntity('الصين')?.name).toBe('China');
    expect(lookupEntity('Afganistán', 'es')?.id).toBe('AFG');
    expect(lookupEntity('United States')?.name).toBe('United States');
    const countries = allEntities().filter((e) => e.type === 'country');
    expect(countries.length).toBeGreaterThan(200);
  });

  it('returns null for unknown or bad input', () => {
    expect(lookupEntity('Nobody Atall')).toBeNull();
    expect(lookupEntity('')).toBeNull();
    expect(lookupEntity('x'.repeat(10_000))).toBeNull();
  });
});

describe('findEntityMentions', () => {
  it('finds names and nationality adjectives with spans', () => {
    const text = 'قال الرئيس الصيني شي جين بينغ إن الصينية والروسية';
    const ms = findEntityMentions(text, 'ar');
    expect(ms.map((m) => [m.text, m.entity.id, m.form])).toEqual([
      ['الصيني', 'CHN', 'adjective'],
      ['شي جين بينغ', 'Q15031', 'name'],
      ['الصينية', 'CHN', 'adjective'],
      ['الروسية', 'RUS', 'adjective'],
    ]);
    const xi = ms[1]!;
    expect(text.slice(xi.start, xi.end)).toBe('شي جين بينغ');
  });

  it('marks surnames as short forms', () => {
    const ms = findEntityMentions('Guo met the press.', 'en');
    expect(ms.map((m) => [m.text, m.form])).toEqual([['Guo', 'short']]);
  });

  it('handles Russian inflection and English acronyms', () => {
    expect(findEntityMentions('В индийском городе', 'ru').map((m) => m.entity.id)).toEqual(['IND']);
    expect(findEntityMentions('let us go to the US', 'en').map((m) => m.text)).toEqual(['US']);
  });
});

describe('gazetteer coverage of office-holders', () => {
  it.each([
    ['Pedro Sánchez', 'es', 'pedro-sanchez'],
    ['بيدرو سانشيز', 'ar', 'pedro-sanchez'],
    ['Педро Санчес', 'ru', 'pedro-sanchez'],
    ['عبد المجيد تبون', 'ar', 'abdelmadjid-tebboune'],
    ['Alexandre Loukachenko', 'fr', 'alexander-lukashenko'],
    ['谭德塞', 'zh', 'tedros-adhanom-ghebreyesus'],
  ])('%s (%s) → %s', (name, lang, id) => {
    expect(lookupEntity(name, lang)?.id).toBe(id);
  });

  it('has unique ids and a name for every entity', () => {
    const all = allEntities();
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    for (const e of all) expect(e.name.length).toBeGreaterThan(0);
  });
});
