/**
 * The flat trie, the one-pass story scan's ordinal words and the offset-keeping
 * normalization give what the plain forms give.
 */
import { describe, expect, it } from 'vitest';
import { langLexicon, scanStory } from '../../../src/events/lexicon.js';
import { isCjk, isWordChar, normalizeName, normalizeWithMap, unitClassOf, UNIT_CJK, UNIT_WORD } from '../../../src/events/normalize.js';
import { childOf, flattenTrie } from '../../../src/text/flat-trie.js';

interface TagNode {
  next: Map<number, TagNode>;
  tag: string;
}

describe('flattenTrie / childOf', () => {
  it('finds every child a Map trie has, and no other, with few and many children', () => {
    const root: TagNode = { next: new Map(), tag: '' };
    const words = ['a', 'ab', 'abc', 'b', 'xyz', '中国', 'бвг', ...Array.from({ length: 40 }, (_, k) => String.fromCharCode(0x0627 + k) + 'q')];
    for (const w of words) {
      let node = root;
      for (let k = 0; k < w.length; k++) {
        const c = w.charCodeAt(k);
        let nx = node.next.get(c);
        if (!nx) node.next.set(c, (nx = { next: new Map(), tag: '' }));
        node = nx;
      }
      node.tag = w;
    }
    const f = flattenTrie(root, (n) => (n.tag ? n.tag : null));
    expect(f.rootTable).not.toBeNull();
    for (const w of words) {
      let node = 0;
      for (let k = 0; k < w.length; k++) node = childOf(f, node, w.charCodeAt(k));
      expect(f.payload[node]).toBe(w);
    }
    expect(childOf(f, 0, 'z'.charCodeAt(0))).toBe(-1);
    const a = childOf(f, 0, 'a'.charCodeAt(0));
    expect(childOf(f, a, 'c'.charCodeAt(0))).toBe(-1);
    expect(f.payload[childOf(f, a, 'b'.charCodeAt(0))]).toBe('ab');
  });
});

describe('unitClassOf', () => {
  it('agrees with isWordChar / isCjk on every BMP code unit', () => {
    for (let u = 0; u < 0x10000; u += 7) {
      const ch = String.fromCharCode(u);
      expect((unitClassOf(u) & UNIT_WORD) !== 0).toBe(isWordChar(ch));
      expect((unitClassOf(u) & UNIT_CJK) !== 0).toBe(isCjk(ch));
    }
  });
});

describe('normalizeWithMap', () => {
  it('gives per character what normalizeName gives, with offsets back to the source', () => {
    const src = 'Le président Erdoğan a rencontré الرئيسُ الصينيّ شي جين بينغ à Pékin, ﬁn 2019; 习近平 — Путин.\u00a0OK';
    const n = normalizeWithMap(src);
    let expected = '';
    const starts: number[] = [];
    for (let i = 0; i < src.length; i++) {
      const ch = src[i]!;
      const part = /\s/.test(ch) ? ' ' : normalizeName(ch) || (ch.trim() ? '' : ' ');
      for (let k = 0; k < part.length; k++) starts.push(i);
      expected += part;
    }
    expect(n.text).toBe(expected);
    expect(Array.from(n.starts)).toEqual(starts);
    expect(Array.from(n.ends)).toEqual(starts.map((s) => s + 1));
  });

  it('keeps identity offsets for text that normalizes one to one', () => {
    const n = normalizeWithMap('Xi Jinping met Putin in Beijing on Monday');
    expect(Array.from(n.starts)).toEqual(Array.from({ length: n.text.length }, (_, k) => k));
    expect(Array.from(n.ends)).toEqual(Array.from({ length: n.text.length }, (_, k) => k + 1));
  });
});

describe('scanStory ordinals', () => {
  it('gives the ordinal words the ordinal matcher gives', () => {
    const texts: Array<[string, string]> = [
      ['en', 'The sixth round of talks and the 3rd meeting, after the first and the twenty-first sessions.'],
      ['ar', 'ترأس الجانبان الاجتماع السادس للجنة، بعد الدورة الأولى والثانية.'],
      ['zh', '双方举行第八次会议和第二轮磋商。'],
      ['ru', 'Шестой раунд переговоров и второе заседание комиссии.'],
      ['fr', 'La sixième session et la première réunion.'],
      ['es', 'La sexta ronda y la primera reunión.'],
    ];
    for (const [lang, text] of texts) {
      const lex = langLexicon(lang);
      expect(scanStory(text, lex).ordinals, lang).toEqual(lex.ordinals.words.find(text));
    }
    expect(scanStory(texts[0]![1], langLexicon('en')).ordinals.length).toBeGreaterThan(0);
  });
});
