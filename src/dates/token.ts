/**
 * One token of the date grammar. Its text is sliced from the folded string only
 * when asked for: most tokens are never looked at as text.
 */
import type { Cat } from './locale.js';

export class Token {
  constructor(
    /** The folded text the offsets point into. */
    private readonly folded: string,
    /** Offsets in the folded text. */
    readonly s: number,
    readonly e: number,
    readonly kind: 'w' | 'n' | 'p',
    /** Lexicon categories; may be the trie's own array, so never mutated. */
    readonly cats: Cat[],
    /** Numeric value of digit runs and CJK numerals. */
    readonly num: number | undefined,
    /** Number of digits of a digit run. */
    readonly digits: number | undefined,
    /** Whitespace directly before the token. */
    readonly sp: boolean,
    /** A line break directly before the token. */
    readonly nl: boolean,
    /** First letter written in upper case in the original. */
    readonly cap: boolean,
    /** `maskLo(cats)` and `maskHi(cats)`: which categories the token has. */
    readonly lo: number,
    readonly hi: number,
  ) {}

  /**
   * Folded text of the token.
   *
   * @example
   * new Token('2 dec', 2, 5, 'w', [], undefined, undefined, true, false, false, 0, 0).t // 'dec'
   */
  get t(): string {
    return this.folded.slice(this.s, this.e);
  }
}
