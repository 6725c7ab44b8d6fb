/**
 * A key for comparing names across scripts and spellings: Unicode NFKC,
 * lowercase, Arabic diacritics and tatweel removed, Arabic letter variants
 * unified (أ/إ/آ→ا, ة→ه, ى→ي), Latin accents removed, punctuation folded
 * to spaces and white space collapsed.
 *
 * @example
 * matchKey('  Xi  Jinping ')   // 'xi jinping'
 * matchKey('شي جين بينغ')       // 'شي جين بينغ'
 * matchKey('إيمانويل ماكرون')   // 'ايمانويل ماكرون'
 * matchKey('Pékin')            // 'pekin'
 */
export function matchKey(s: string): string {
  if (typeof s !== 'string') return '';
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim();
}
