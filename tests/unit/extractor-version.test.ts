import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extractorVersion } from '../../src/stages/extractor-version.js';
import { tempDir } from '../helpers/services.js';

describe('extractorVersion', () => {
  const dirs: Array<{ remove: () => void }> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  function tree(files: Record<string, string>): string {
    const d = tempDir('wt-ver');
    dirs.push(d);
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(d.path, rel, '..'), { recursive: true });
      writeFileSync(join(d.path, rel), text);
    }
    return d.path;
  }

  const base = {
    'config/lexicons/en/events.yaml': 'meeting: [met]\n',
    'config/gazetteer/places.yaml': 'Beijing: {}\n',
    'src/dates/locales/ar/dates.yaml': 'months: []\n',
    'src/events/extractor.ts': 'export const x = 1;\n',
    'README.md': 'docs\n',
  };

  it('is stable for the same files and changes with the package version', () => {
    const root = tree(base);
    expect(extractorVersion(root, '1.2.3')).toBe(extractorVersion(root, '1.2.3'));
    expect(extractorVersion(root, '1.2.3')).toMatch(/^1\.2\.3\+[0-9a-f]{8}\.[0-9a-f]{8}$/);
    expect(extractorVersion(root, '1.2.4')).not.toBe(extractorVersion(root, '1.2.3'));
  });

  it('changes the data hash when a lexicon, the gazetteer or a date locale changes', () => {
    const v0 = extractorVersion(tree(base), '1.0.0');
    for (const rel of ['config/lexicons/en/events.yaml', 'config/gazetteer/places.yaml', 'src/dates/locales/ar/dates.yaml']) {
      const v1 = extractorVersion(tree({ ...base, [rel]: base[rel as keyof typeof base] + '# edited\n' }), '1.0.0');
      expect(v1.split('.').at(-1), rel).not.toBe(v0.split('.').at(-1));
      expect(v1.split('+')[1]!.split('.')[0], rel).toBe(v0.split('+')[1]!.split('.')[0]);
    }
  });

  it('changes the code hash when extraction code changes, and ignores unrelated files', () => {
    const v0 = extractorVersion(tree(base), '1.0.0');
    const code = extractorVersion(tree({ ...base, 'src/events/extractor.ts': 'export const x = 2;\n' }), '1.0.0');
    expect(code.split('+')[1]!.split('.')[0]).not.toBe(v0.split('+')[1]!.split('.')[0]);
    expect(extractorVersion(tree({ ...base, 'README.md': 'other docs\n', 'src/http/app.ts': 'x' }), '1.0.0')).toBe(v0);
  });

  it('treats a missing folder as empty instead of failing', () => {
    expect(extractorVersion(tree({ 'README.md': 'x' }), '0.0.1')).toMatch(/^0\.0\.1\+[0-9a-f]{8}\.[0-9a-f]{8}$/);
  });
});
