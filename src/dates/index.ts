/**
 * Date normalization for news text: temporal expressions, datelines, language.
 */
export { normalizeDates, type NormalizeDatesOptions } from './normalize-dates.js';
export { detectDateline, type DetectDatelineOptions } from './dateline.js';
export { detectLanguage, resolveLanguage } from './language.js';
export { localRef, hijriToGregorian, isoWeek } from './calendar.js';
