import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isoInstantField, runJsonl } from '../../src/cli/jsonl.js';

async function run(lines: string, handler: Parameters<typeof runJsonl>[2]) {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c) => chunks.push(String(c)));
  const stats = await runJsonl(Readable.from([lines]), out, handler);
  return { stats, out: chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

describe('runJsonl', () => {
  it('writes exactly one line per input line, in order, with errors in place', async () => {
    const input = ['{"id":"a","text":"x"}', 'not json', '', '[1,2]', '{"id":"d","text":"boom"}', '{"id":7,"text":"y"}'].join('\n');
    const { out, stats } = await run(input, (o) => {
      if (o.text === 'boom') throw new Error('exploded');
      return { id: o.id, upper: String(o.text).toUpperCase() };
    });
    expect(stats).toEqual({ lines: 5, errors: 3 });
    expect(out).toEqual([
      { id: 'a', upper: 'X' },
      { id: null, error: expect.stringMatching(/^not valid JSON/) },
      { id: null, error: 'each line must be a JSON object' },
      { id: 'd', error: 'exploded' },
      { id: 7, upper: 'Y' },
    ]);
  });

  it('handles CRLF input', async () => {
    const { out } = await run('{"id":"a"}\r\n{"id":"b"}\r\n', (o) => ({ id: o.id }));
    expect(out).toEqual([{ id: 'a' }, { id: 'b' }]);
  });
});

describe('isoInstantField', () => {
  it('accepts ISO instants with offset and rejects the rest', () => {
    expect(isoInstantField({ ref: '2019-12-02T20:15:00+08:00' }, 'ref')).toBe('2019-12-02T20:15:00+08:00');
    expect(isoInstantField({ ref: '2019-12-02T12:15Z' }, 'ref')).toBe('2019-12-02T12:15Z');
    expect(isoInstantField({}, 'ref')).toBeNull();
    expect(() => isoInstantField({ ref: '2019-12-02' }, 'ref')).toThrow(/ISO 8601 instant with offset/);
    expect(() => isoInstantField({ ref: '2019-02-30T10:00:00Z' }, 'ref')).toThrow(/ISO 8601 instant/);
    expect(() => isoInstantField({ ref: '2020-02-29T10:00:00Z' }, 'ref')).not.toThrow();
    expect(() => isoInstantField({ ref: 12 }, 'ref')).toThrow(/must be a string/);
  });
});
