/**
 * The scheduler follows the feeds file: feeds added, changed or removed take
 * effect without a restart; an invalid edit keeps the previous feeds.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/logger.js';
import { startService, type ServiceHandle } from '../../src/runtime/service.js';
import { dropRedisPrefix, tempDir, TEST_REDIS_URL, uniqueId, waitFor } from '../helpers/services.js';

const feedsYaml = (feeds: Array<{ id: string; interval: string }>) =>
  'feeds:\n' + feeds.map((f) => `  - id: ${f.id}\n    url: http://127.0.0.1:9/${f.id}.xml\n    interval: ${f.interval}\n`).join('');

describe('feeds file hot reload', () => {
  const prefix = uniqueId('wt');
  const dir = tempDir();
  let svc: ServiceHandle | null = null;
  afterAll(async () => {
    await svc?.close();
    await dropRedisPrefix(prefix);
    dir.remove();
  });

  it('adds, changes and removes schedulers when the file changes', async () => {
    const file = join(dir.path, 'feeds.yaml');
    writeFileSync(file, feedsYaml([{ id: 'alpha', interval: '1h' }, { id: 'beta', interval: '1h' }]));
    const config = loadConfig({
      env: {},
      overrides: {
        redis: { url: TEST_REDIS_URL, startLocal: false },
        queues: { prefix },
        seed: { onStart: false, paths: [] },
        logging: { level: 'silent', pretty: false },
        dataDir: dir.path,
        feedsFile: file,
      },
    });
    // The scheduler role alone: no workers, so nothing is fetched.
    svc = await startService(config, { roles: ['scheduler'], logger: silentLogger() });
    const schedulers = async () =>
      Object.fromEntries((await svc!.queues.queues.fetch.getJobSchedulers(0, -1)).map((s) => [s.key, s.every]));
    expect(await schedulers()).toEqual({ 'feed.alpha': 3_600_000, 'feed.beta': 3_600_000 });

    writeFileSync(file, feedsYaml([{ id: 'beta', interval: '30m' }, { id: 'gamma', interval: '2h' }]));
    await waitFor(async () => {
      const s = await schedulers();
      return s['feed.gamma'] === 7_200_000 && s['feed.beta'] === 1_800_000 && !('feed.alpha' in s);
    }, 15_000, 'the schedulers to follow the edited file');
    expect((await svc.store.getFeed('alpha'))?.enabled).toBe(false);

    // An invalid edit is reported and the running feeds stay as they were.
    writeFileSync(file, 'feeds:\n  - id: "Bad Id"\n    url: nope\n');
    await new Promise((r) => setTimeout(r, 5000));
    expect(Object.keys(await schedulers()).sort()).toEqual(['feed.beta', 'feed.gamma']);
  }, 40_000);
});
