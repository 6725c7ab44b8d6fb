import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { readLocalInput, storableText, storyFromText, titleOfPlainText } from '../../../src/feeds/local-input.js';

const fixturePath = (name: string): string => fileURLToPath(new URL(`../../fixtures/feeds/${name}`, import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'tl-local-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readLocalInput', () => {
  it('reads a feed file into one story per item', async () => {
    const stories = await readLocalInput(fixturePath('atom-xml-base.atom.xml'), { zone: 'Europe/Paris' });
    expect(stories).toHaveLength(3);
    expect(stories.every((s) => s.source === 'file')).toBe(true);
    expect(stories[0]?.url).toBe('https://news.example.org/world/2021/03/sommet-bruxelles?id=7');
  });

  it('reads an HTML page: title, article text, no nav/script/style', async () => {
    const [s, ...rest] = await readLocalInput(fixturePath('page.html'), { lang: 'en' });
    expect(rest).toHaveLength(0);
    expect(s?.title).toBe('Leaders meet in Geneva');
    expect(s?.text).toBe(
      'Leaders meet in Geneva\nGENEVA, March 3 (Example) - Two leaders met on Tuesday.\nThey agreed to meet again & talk more.',
    );
    expect(s?.text).not.toMatch(/Home|Sidebar|tracking|nope|Copyright|color/);
    expect(s?.lang).toBe('en');
    expect(s?.source).toBe('file');
  });

  it('reads plain text: short first line is the title, text is the whole file', async () => {
    const [s] = await readLocalInput(fixturePath('story.txt'));
    expect(s?.title).toBe('Short headline here');
    expect(s?.text).toBe('Short headline here\n\nBEIJING, Dec. 2 -- Body of the story.\nSecond line.\n');
    expect(s?.url).toBeNull();
    expect(s?.id).toMatch(/^s_[0-9a-f]{24}$/);
  });

  it('plain text with a long first line has no title; windows-1256 HTML decodes via meta', async () => {
    const long = join(tmp, 'long.txt');
    writeFileSync(long, `${'word '.repeat(60)}\nmore`);
    expect((await readLocalInput(long))[0]?.title).toBeNull();
    const html = join(tmp, 'ar.html');
    writeFileSync(html, iconv.encode('<html><head><meta charset="windows-1256"><title>خبر</title></head><body><main><p>بكين 2 ديسمبر</p></main></body></html>', 'windows-1256'));
    const [s] = await readLocalInput(html, { lang: 'ar' });
    expect(s?.title).toBe('خبر');
    expect(s?.text).toBe('بكين 2 ديسمبر');
  });
});

describe('storyFromText', () => {
  it('fills every Story field', () => {
    const s = storyFromText({
      text: 'Body',
      title: '  A   title ',
      url: 'https://x.org/a?utm_source=t',
      lang: 'ar',
      published: '2019-12-02T20:15:00+08:00',
      source: 'jsonl',
    });
    expect(s).toMatchObject({
      feedId: null,
      url: 'https://x.org/a',
      guid: null,
      title: 'A title',
      published: '2019-12-02T20:15:00+08:00',
      publishedRaw: '2019-12-02T20:15:00+08:00',
      lang: 'ar',
      text: 'Body',
      source: 'jsonl',
    });
    expect(s.id).toMatch(/^s_[0-9a-f]{24}$/);
    expect(storyFromText({ text: 'x', id: 'given', source: 'jsonl' }).id).toBe('given');
    expect(storyFromText({ text: 'x', published: 'garbage', source: 'jsonl' })).toMatchObject({ published: null, publishedRaw: 'garbage' });
  });

  it('titleOfPlainText', () => {
    expect(titleOfPlainText('\n\nHeadline\nBody')).toBe('Headline');
    expect(titleOfPlainText('Only one line')).toBeNull();
    expect(titleOfPlainText('')).toBeNull();
  });
});

describe('storableText', () => {
  it('drops control characters but keeps tabs and line breaks', () => {
    expect(storableText('a\u0000b\u0007c\u001Fd\u007Fe\tf\ng\rh')).toBe('abcde\tf\ng\rh');
  });
  it('replaces lone surrogate halves and keeps real pairs', () => {
    expect(storableText('x\uD800y\uDC00z😀')).toBe('x\uFFFDy\uFFFDz😀');
    expect(storableText('end\uD83D')).toBe('end\uFFFD');
  });
  it('makes a story with NUL bytes storable (PostgreSQL refuses NUL in text and jsonb)', () => {
    const s = storyFromText({ text: 'Xi Jinping\u0000 met Putin.\uD800', title: 'A\u0000B', source: 'jsonl' });
    expect(s.text).toBe('Xi Jinping met Putin.\uFFFD');
    expect(s.title).toBe('AB');
    expect(JSON.stringify(s)).not.toMatch(/\\u0000|\\ud800/i);
  });
});
