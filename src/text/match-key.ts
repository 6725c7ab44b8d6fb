import { normalizeName } from './normalize-name.js';

/**
 * A key for comparing names across scripts and spellings: `normalizeName`
 * (NFKC, lowercase, Arabic diacritics and letter variants unified, Latin
 * accents removed), with punctuation and symbols folded to single spaces.
 *
 * @example
 * matchKey('  Xi  Jinping ')   // 'xi jinping'
 * matchKey('شي جين بينغ')       // 'شي جين بينغ'
 * matchKey('إيمانويل ماكرون')   // 'ايمانويل ماكرون'
 * matchKey('Pékin')            // 'pekin'
 * matchKey('Kassym-Jomart')    // 'kassym jomart'
 */
export function matchKey(s: string): string {
  return normalizeName(s).replace(/[\s\p{P}\p{S}]+/gu, ' ').trim();
}
