import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  containsWords,
  eventMatches,
  parseEventsGold,
  prf,
  scoreKey,
  scoreStory,
  summarize,
  type GoldEvent,
  type GoldStory,
} from '../../../src/eval/score-events.js';
import type { EventKind, Participant, TimelineEvent } from '../../../src/types.js';
import { tempDir } from '../../helpers/services.js';

const ALL_KINDS = ['meeting', 'visit', 'call', 'agreement', 'anniversary', 'conference', 'election', 'appointment', 'attack', 'protest', 'disaster', 'legal', 'aid', 'sanction'];

function ev(kind: EventKind, date: string, names: Array<string | [string, string]>, ordinal?: number): TimelineEvent {
  const participants: Participant[] = names.map((n) => (Array.isArray(n) ? { name: n[0], canonical: n[1] } : { name: n }));
  const e: TimelineEvent = { id: `${kind}-${date}-${names.length}`, kind, title: kind, date: { value: date, grain: 'day', basis: 'expression' }, participants, evidence: [], confidence: 0.5 };
  if (ordinal !== undefined) e.series = { ordinal };
  return e;
}

function gold(events: GoldEvent[], optional: GoldEvent[] = [], lang = 'en', scored = ALL_KINDS): GoldStory {
  return { id: 'g', lang, published: null, ref: null, text: '', scored_kinds: scored, events, optional, dates: [] };
}

describe('scoreKey / containsWords', () => {
  it('normalizes NFKC, Arabic diacritics and tatweel, case', () => {
    expect(scoreKey('Ｘｉ  JINPING')).toBe('xi jinping');
    expect(scoreKey('شِي جـين بينغ')).toBe('شي جين بينغ');
  });

  it('contains whole words only, except in Han text', () => {
    expect(containsWords('president xi jinping', 'xi jinping')).toBe(true);
    expect(containsWords('alexis tsipras', 'xi')).toBe(false);
    expect(containsWords('国家主席习近平', '习近平')).toBe(true);
    expect(containsWords('الرئيس شي جين بينغ', 'شي')).toBe(true);
    expect(containsWords('', 'a')).toBe(false);
  });
});

describe('eventMatches', () => {
  const g: GoldEvent = { kind: 'meeting', date: '2019-12-02', participants: [['Xi Jinping', 'شي جين بينغ'], ['Nikolai Patrushev', 'باتروشيف']], ordinal: 6 };

  it('matches on kind, date, ordinal and every participant by alias (after normalization)', () => {
    expect(eventMatches(g, ev('meeting', '2019-12-02', ['شِي جين بينغ', 'سكرتير نيكولاي باتروشيف'], 6), false)).toBe(true);
    expect(eventMatches(g, ev('meeting', '2019-12-02', [['x', 'XI JINPING'], ['y', 'Nikolai Patrushev']], 6), false)).toBe(true);
  });

  it('fails on a different kind, date, ordinal or a missing participant', () => {
    expect(eventMatches(g, ev('call', '2019-12-02', ['Xi Jinping', 'Patrushev'], 6), false)).toBe(false);
    expect(eventMatches(g, ev('meeting', '2019-12-03', ['Xi Jinping', 'Nikolai Patrushev'], 6), false)).toBe(false);
    expect(eventMatches(g, ev('meeting', '2019-12-02', ['Xi Jinping', 'Nikolai Patrushev'], 5), false)).toBe(false);
    expect(eventMatches(g, ev('meeting', '2019-12-02', ['Xi Jinping', 'Nikolai Patrushev']), false)).toBe(false);
    expect(eventMatches(g, ev('meeting', '2019-12-02', ['Xi Jinping'], 6), false)).toBe(false);
    // "Xi" inside "Alexis" is not a whole-word match
    expect(eventMatches({ kind: 'call', date: '2020-01-01', participants: [['Xi']] }, ev('call', '2020-01-01', ['Alexis']), false)).toBe(false);
  });

  it('an ordinal is only checked where the gold gives one', () => {
    const noOrd: GoldEvent = { kind: 'meeting', date: '2019-12-02', participants: [['Xi Jinping']] };
    expect(eventMatches(noOrd, ev('meeting', '2019-12-02', ['Xi Jinping'], 9), false)).toBe(true);
  });

  it('a null gold date matches any date only for an optional event', () => {
    const nd: GoldEvent = { kind: 'attack', date: null, participants: [] };
    expect(eventMatches(nd, ev('attack', '1999-01-01', []), true)).toBe(true);
    expect(eventMatches(nd, ev('attack', '1999-01-01', []), false)).toBe(false);
  });
});

describe('scoreStory', () => {
  it('is one-to-one and finds the maximum matching whatever the order', () => {
    // gold A needs X; gold B accepts X or Y: a greedy first fit would give A nothing
    const a: GoldEvent = { kind: 'meeting', date: '2020-05-01', participants: [['Joe Biden'], ['Olaf Scholz']] };
    const b: GoldEvent = { kind: 'meeting', date: '2020-05-01', participants: [['Joe Biden']] };
    const x = ev('meeting', '2020-05-01', ['Joe Biden', 'Olaf Scholz']);
    const y = ev('meeting', '2020-05-01', ['Joe Biden', 'Emmanuel Macron']);
    const s1 = scoreStory(gold([b, a]), [x, y]);
    expect(s1).toMatchObject({ tp: 2, fp: 0, fn: 0 });
    // one system event cannot satisfy two gold events
    const s2 = scoreStory(gold([b, b]), [x]);
    expect(s2).toMatchObject({ tp: 1, fp: 0, fn: 1 });
  });

  it('optional matches count neither way; unscored kinds do not cost precision', () => {
    const opt: GoldEvent = { kind: 'attack', date: null, participants: [] };
    const s = scoreStory(gold([], [opt], 'en', ['meeting', 'attack']), [
      ev('attack', '2021-01-01', []),
      ev('attack', '2021-01-02', []),
      ev('statement', '2021-01-01', ['Joe Biden']),
      ev('disaster', '2021-01-01', []),
    ]);
    // the first attack matches the optional entry; the second is a false positive;
    // statement and disaster are not scored kinds here
    expect(s).toMatchObject({ tp: 0, fp: 1, fn: 0, optionalMatched: 1 });
    expect(s.falsePositives.map((e) => e.date.value)).toEqual(['2021-01-02']);
  });

  it('required matches take precedence over optional ones', () => {
    const req: GoldEvent = { kind: 'call', date: '2020-02-02', participants: [['Xi Jinping']] };
    const opt: GoldEvent = { kind: 'call', date: null, participants: [] };
    const s = scoreStory(gold([req], [opt]), [ev('call', '2020-02-02', ['Xi Jinping'])]);
    expect(s).toMatchObject({ tp: 1, fp: 0, fn: 0, optionalMatched: 0 });
  });
});

describe('prf / summarize', () => {
  it('micro-averages overall and per language', () => {
    const scores = [
      { ...scoreStory(gold([{ kind: 'call', date: '2020-01-01', participants: [] }], [], 'ar'), [ev('call', '2020-01-01', [])]) },
      { ...scoreStory(gold([{ kind: 'call', date: '2020-01-01', participants: [] }], [], 'en'), [ev('call', '2020-01-02', [])]) },
    ];
    const { overall, byLang } = summarize(scores);
    expect(overall).toMatchObject({ tp: 1, fp: 1, fn: 1, p: 0.5, r: 0.5, f1: 0.5 });
    expect(byLang.ar).toMatchObject({ p: 1, r: 1, stories: 1 });
    expect(byLang.en).toMatchObject({ p: 0, r: 0, f1: 0, stories: 1 });
    expect(prf([])).toMatchObject({ p: 1, r: 1 });
  });
});

describe('parseEventsGold', () => {
  it('reports bad lines and keeps good ones', () => {
    const good = { id: 'a', lang: 'en', text: 'x', scored_kinds: ['meeting'], events: [{ kind: 'meeting', date: '2020-01-01', participants: [['A']] }] };
    const { stories, issues } = parseEventsGold([
      JSON.stringify(good),
      '',
      '{nope',
      JSON.stringify({ ...good, id: 'b', events: [{ kind: 'meeting', date: 5, participants: [] }] }),
      JSON.stringify({ ...good, id: 'c', scored_kinds: 'meeting' }),
      JSON.stringify(good),
      JSON.stringify({ ...good, id: 'd', events: [{ kind: 'meeting', date: null, participants: [[]] }] }),
    ]);
    expect(stories.map((s) => s.id)).toEqual(['a']);
    expect(stories[0]!.optional).toEqual([]);
    expect(issues.map((i) => i.line)).toEqual([3, 4, 5, 6, 7]);
    expect(issues[0]!.message).toBe('invalid JSON');
    expect(issues[3]!.message).toMatch(/duplicate id/);
  });
});

describe('npm run eval:events (CLI)', () => {
  const dir = tempDir('eval-events');
  afterAll(() => dir.remove());
  const run = promisify(execFile);
  const repo = resolve(import.meta.dirname, '..', '..', '..');
  const cli = (args: string[]) =>
    run(process.execPath, [join(repo, 'bin', 'run-ts.js'), join(repo, 'src', 'eval', 'eval-events-main.ts'), ...args], { cwd: repo }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('scores a small hand-made gold file, overall and per language, with --verbose details', async () => {
    const text = 'BERLIN, March 3, 2023 (Reuters) - U.S. President Joe Biden met German Chancellor Olaf Scholz in Berlin on Friday.';
    const lines = [
      {
        id: 'en-1', lang: 'en', published: null, ref: '2023-03-03T18:00:00+01:00', text, scored_kinds: ALL_KINDS,
        events: [
          { kind: 'meeting', date: '2023-03-03', participants: [['Joe Biden'], ['Olaf Scholz']] },
          { kind: 'protest', date: '2023-03-03', participants: [] },
        ],
        optional: [],
      },
    ];
    const file = join(dir.path, 'gold.jsonl');
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const r = await cli([file, '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^en\s+1\s+1\s+0\s+1\s+1\.000\s+0\.500\s+0\.667$/m);
    expect(r.stdout).toMatch(/^all\s+1\s+1\s+0\s+1\s+1\.000\s+0\.500\s+0\.667$/m);
    expect(r.stdout).toContain('MISS protest 2023-03-03');
    const j = await cli([file, '--json']);
    expect(JSON.parse(j.stdout).overall).toMatchObject({ tp: 1, fp: 0, fn: 1 });
  }, 30_000);

  it('exits 2 with a clear message on a missing file, an unusable file or no argument', async () => {
    const missing = await cli([join(dir.path, 'nope.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read gold file .*nope\.jsonl: ENOENT/);
    const bad = join(dir.path, 'bad.jsonl');
    writeFileSync(bad, '{not json\n[1,2]\n');
    const r = await cli([bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl:1: invalid JSON/);
    expect(r.stderr).toMatch(/no usable gold story/);
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/usage: npm run eval:events/);
  }, 30_000);
});
