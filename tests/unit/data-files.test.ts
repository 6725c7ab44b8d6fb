import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFileError, readDataYaml } from '../../src/data-files.js';
import { tempDir } from '../helpers/services.js';

describe('readDataYaml', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('reads a data file', () => {
    const f = join(dir.path, 'ok.yaml');
    writeFileSync(f, 'a: [1, 2]\n');
    expect(readDataYaml(f)).toEqual({ a: [1, 2] });
  });
  it('stops on a missing required file, naming it', () => {
    const f = join(dir.path, 'missing.yaml');
    expect(() => readDataYaml(f)).toThrow(DataFileError);
    expect(() => readDataYaml(f)).toThrow(f);
  });
  it('gives null for an absent optional file', () => {
    expect(readDataYaml(join(dir.path, 'none.yaml'), { optional: true })).toBeNull();
  });
  it('stops on invalid YAML even when optional', () => {
    const f = join(dir.path, 'bad.yaml');
    writeFileSync(f, 'a: [1, 2\n');
    expect(() => readDataYaml(f, { optional: true })).toThrow(/not valid YAML/);
  });
});
