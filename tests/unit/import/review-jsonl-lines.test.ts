/**
 * JSON Lines files are streamed, but one line is held whole: a line without
 * end (a corrupt or hostile file) must not grow without bound. An overlong
 * line is one input error; the lines after it are read, with their numbers.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { leafItems, type Leaf, type LeafItem } from '../../../src/import/import-sources.js';
import { tempDir } from '../../helpers/services.js';

const line = (id: string, text: string) => JSON.stringify({ id, text, lang: 'en', published: '2019-12-02' });

describe('leafItems on JSON Lines with an overlong line', () => {
  const dir = tempDir('review-jsonl');
  afterAll(() => dir.remove());

  async function items(content: string, maxLineBytes: number, from = 0): Promise<Array<LeafItem | null>> {
    const path = join(dir.path, `f${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(path, content);
    const leaf: Leaf = { key: path, name: path, kind: 'file', path, size: Buffer.byteLength(content) };
    const out: Array<LeafItem | null> = [];
    for await (const it of leafItems(leaf, {}, from, () => {}, maxLineBytes)) out.push(it);
    return out;
  }

  it('reports the overlong line as an error and reads the next lines', async () => {
    const long = line('big', 'x'.repeat(5000));
    const content = [line('a', 'Xi met Putin.'), long, line('c', 'Putin called Xi.')].join('\r\n') + '\n';
    const out = await items(content, 1000);
    expect(out).toHaveLength(3);
    expect(out[0]?.story?.text).toBe('Xi met Putin.');
    expect(out[1]?.error).toMatch(/^line 2: longer than 1000 bytes/);
    expect(out[2]?.story?.text).toBe('Putin called Xi.');
  });

  it('a file that is one endless line yields one error, not a giant string', async () => {
    const out = await items('{"text":"' + 'y'.repeat(200_000), 1000);
    expect(out).toHaveLength(1);
    expect(out[0]?.error).toMatch(/^line 1: longer than 1000 bytes/);
  });

  it('line numbers (resume positions) are unchanged around an overlong line', async () => {
    const content = [line('a', 'one'), 'z'.repeat(3000), line('c', 'three'), line('d', 'four')].join('\n') + '\n';
    const out = await items(content, 1000, 2);
    expect(out.map((x) => x?.story?.text)).toEqual(['three', 'four']);
  });
});
