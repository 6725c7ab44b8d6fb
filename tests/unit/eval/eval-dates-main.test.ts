import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const GOLD = resolve(ROOT, '..', 'shared', 'corpus', 'dates', 'dev.jsonl');
const HAS_GOLD = existsSync(GOLD);
if (!HAS_GOLD) console.warn(`[eval-dates] ${GOLD} not found: skipping the corpus evaluation`);

/** The same command as `npm run eval:dates -- ...`. */
const evalDates = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/run-ts.js', 'src/eval/eval-dates-main.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('eval:dates command', () => {
  it('exits 2 with a clear message for a missing gold file', () => {
    const r = evalDates(join(tmpdir(), 'no-such-gold.jsonl'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read gold file .*no-such-gold\.jsonl/);
  });

  it('scores a given system file, reporting and skipping bad gold lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-dates-'));
    const gold = join(dir, 'gold.jsonl');
    const sys = join(dir, 'sys.jsonl');
    writeFileSync(
      gold,
      ['{oops', JSON.stringify({ id: 'a', lang: 'en', ref: null, text: 'On Monday in May', expect: [{ text: 'Monday', value: '2019-12-02' }, { text: 'May', value: '2019-05' }] })].join('\n'),
    );
    writeFileSync(sys, JSON.stringify({ id: 'a', dates: [{ text: 'On Monday', start: 0, end: 9, value: '2019-12-02' }, { text: 'in', start: 10, end: 12, value: 'X' }] }) + '\n');
    const r = evalDates(gold, '--system', sys, '--json');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/gold\.jsonl:1: .*skipped/);
    const out = JSON.parse(r.stdout) as { overall: { gold: number; system: number; matched: number; recall: number; precision: number } };
    expect(out.overall).toMatchObject({ gold: 2, system: 2, matched: 1, recall: 0.5, precision: 0.5 });
  });
});

describe.skipIf(!HAS_GOLD)('eval:dates on shared/corpus/dates/dev.jsonl (runs timeline dates --jsonl)', () => {
  it('reaches recall >= 0.95 and precision >= 0.95', () => {
    const r = evalDates(GOLD, '--json', '--show-errors');
    expect(r.stderr).not.toMatch(/skipped/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { overall: { cases: number; recall: number; precision: number }; errors: unknown[] };
    console.info(`[eval-dates] dev: ${JSON.stringify(out.overall)}`);
    if (out.errors.length) console.info(`[eval-dates] errors: ${JSON.stringify(out.errors)}`);
    expect(out.overall.cases).toBeGreaterThan(0);
    expect(out.overall.recall).toBeGreaterThanOrEqual(0.95);
    expect(out.overall.precision).toBeGreaterThanOrEqual(0.95);
  });
});
