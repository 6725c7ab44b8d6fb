/** The store worker's group commit: batching, waiting, and finding the item at fault. */
import { describe, expect, it } from 'vitest';
import { StoreBatcher } from '../../../src/store/store-batcher.js';
import { isUnavailableError } from '../../../src/store/store-errors.js';

const mayBeItemFault = (err: unknown) => !isUnavailableError(err);

/** A batch writer that records its batches and takes `ms` per batch; items named 'bad' make it throw. */
function recorder(ms = 10, error: (items: string[]) => Error = () => Object.assign(new Error('bad value'), { code: '22P05' })) {
  const batches: string[][] = [];
  const write = async (items: string[]) => {
    batches.push([...items]);
    await new Promise((r) => setTimeout(r, ms));
    if (items.includes('bad')) throw error(items);
    return items.map((x) => x.toUpperCase());
  };
  return { batches, write };
}

describe('StoreBatcher', () => {
  it('writes a lone item after at most maxWaitMs, and items arriving meanwhile together', async () => {
    const r = recorder(30);
    const b = new StoreBatcher(r.write, { maxSize: 10, maxWaitMs: 5 });
    const t0 = Date.now();
    const first = b.add('a');
    await new Promise((res) => setTimeout(res, 15)); // 'a' is being written now
    const rest = ['b', 'c', 'd'].map((x) => b.add(x));
    expect(await first).toBe('A');
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await Promise.all(rest)).toEqual(['B', 'C', 'D']);
    expect(r.batches).toEqual([['a'], ['b', 'c', 'd']]);
    await b.close();
  });

  it('never puts more than maxSize items in one batch, and keeps input order', async () => {
    const r = recorder(5);
    const b = new StoreBatcher(r.write, { maxSize: 4, maxWaitMs: 50 });
    const items = Array.from({ length: 11 }, (_, i) => `x${i}`);
    const out = await Promise.all(items.map((x) => b.add(x)));
    expect(out).toEqual(items.map((x) => x.toUpperCase()));
    expect(r.batches.map((x) => x.length)).toEqual([4, 4, 3]);
    expect(r.batches.flat()).toEqual(items);
    expect(b.stats).toMatchObject({ batches: 3, items: 11, largest: 4, splits: 0 });
  });

  it('fails only the item at fault when a batch fails for a data error', async () => {
    const r = recorder(1);
    const b = new StoreBatcher(r.write, { maxSize: 8, maxWaitMs: 5, mayBeItemFault });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((x) => b.add(x)));
    expect(results.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: '22P05' });
    expect(r.batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
    expect(b.stats.splits).toBe(1);
  });

  it('splits a batch that failed for a non-database error in one item (a malformed job)', async () => {
    const r = recorder(1, () => new TypeError("Cannot read properties of undefined (reading 'some')"));
    const b = new StoreBatcher(r.write, { maxSize: 8, maxWaitMs: 5, mayBeItemFault });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((x) => b.add(x)));
    expect(results.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('fails every item at once, without retrying each, when the database is unreachable', async () => {
    const r = recorder(1, () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    const b = new StoreBatcher(r.write, { maxSize: 8, maxWaitMs: 5, mayBeItemFault });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((x) => b.add(x)));
    expect(results.every((x) => x.status === 'rejected' && /ECONNREFUSED/.test(String(x.reason)))).toBe(true);
    expect(r.batches).toHaveLength(1);
  });

  it('writes what is pending on close, then refuses new items', async () => {
    const r = recorder(1);
    const b = new StoreBatcher(r.write, { maxSize: 8, maxWaitMs: 1000 });
    const p = b.add('late');
    await b.close();
    expect(await p).toBe('LATE');
    await expect(b.add('after')).rejects.toThrow(/closed/);
  });

  it('rejects a nonsense size', () => {
    expect(() => new StoreBatcher(async (x: string[]) => x, { maxSize: 0, maxWaitMs: 0 })).toThrow(RangeError);
  });
});

describe('isUnavailableError', () => {
  it.each([
    [{ code: '22P05' }, false],
    [{ code: '23505' }, false],
    [{ code: '54000' }, false],
    [new TypeError("Cannot read properties of undefined (reading 'some')"), false],
    [new RangeError('Invalid string length'), false],
    [null, false],
    [{ code: '57P01' }, true],
    [{ code: '57014' }, true],
    [{ code: '08006' }, true],
    [{ code: '53200' }, true],
    [{ code: '25006' }, true],
    [{ code: '55P03' }, true],
    [{ code: 'ECONNRESET' }, true],
    [{ code: 'EPIPE' }, true],
    [new Error('Connection terminated unexpectedly'), true],
    [new Error('timeout exceeded when trying to connect'), true],
  ])('%o → %s', (err, expected) => {
    expect(isUnavailableError(err)).toBe(expected);
  });
});
