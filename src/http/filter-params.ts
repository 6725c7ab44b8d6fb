import countries from 'i18n-iso-countries';
import { AppError } from './app-error.js';

/** A user-supplied value cut to 40 characters, for error messages. */
export const clip = (s: string) => (s.length > 40 ? s.slice(0, 40) + '…' : s);

/** Splits a comma list, trims, drops empties and duplicates. */
function splitList(raw: string | undefined): string[] {
  return [...new Set((raw ?? '').split(',').map((x) => x.trim()).filter(Boolean))];
}

/**
 * Parses a comma list of countries, ISO 3166-1 alpha-3 or alpha-2, into
 * alpha-3 codes (what events carry); an unknown code is a 400.
 *
 * @example
 * parseCountries('chn, RU') // ['CHN', 'RUS']
 * parseCountries('')        // []
 * parseCountries('XX')      // throws AppError TL_ERR_BAD_PARAM (param "country")
 */
export function parseCountries(raw: string | undefined): string[] {
  const out: string[] = [];
  for (const part of splitList(raw)) {
    const up = part.toUpperCase();
    const a3 = /^[A-Z]{3}$/.test(up) && countries.isValid(up) ? up : /^[A-Z]{2}$/.test(up) ? countries.alpha2ToAlpha3(up) : undefined;
    if (!a3) {
      throw AppError.badParam('country', `query parameter "country" has unknown country "${clip(part)}"; use ISO 3166-1 codes such as CHN or CN`, {
        value: clip(part),
      });
    }
    if (!out.includes(a3)) out.push(a3);
  }
  return out;
}

/**
 * Parses a comma list of identifiers that must each match `re` (after
 * lower-casing when `lowerCase` is set).
 *
 * @example
 * parseIdList('lang', 'ar,EN', /^[a-z]{2,3}$/, 'a language code', { lowerCase: true }) // ['ar', 'en']
 * parseIdList('lang', 'Arabic', /^[a-z]{2,3}$/, 'a language code') // throws AppError (param "lang")
 */
export function parseIdList(param: string, raw: string | undefined, re: RegExp, what: string, opts: { lowerCase?: boolean } = {}): string[] {
  const out = splitList(raw).map((x) => (opts.lowerCase ? x.toLowerCase() : x));
  for (const x of out) {
    if (!re.test(x)) throw AppError.badParam(param, `query parameter "${param}" has "${clip(x)}", which is not ${what}`, { value: clip(x) });
  }
  return out;
}
