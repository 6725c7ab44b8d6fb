import { readFileSync } from 'node:fs';
import type { Job } from 'bullmq';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { storyJobId } from '../../src/queues/job-ids.js';
import { defaultJobOptions } from '../../src/queues/pipeline-queues.js';
import { jobLogFields } from '../../src/queues/worker-context.js';

describe('storyJobId', () => {
  it('is deterministic per story version and free of ":"', () => {
    const a = storyJobId('normalize', { id: 's_abc', contentHash: 'f'.repeat(64) });
    expect(a).toBe(storyJobId('normalize', { id: 's_abc', contentHash: 'f'.repeat(64) }));
    expect(a).not.toContain(':');
    expect(storyJobId('normalize', { id: 's_abc', contentHash: 'e'.repeat(64) })).not.toBe(a);
  });
});

describe('defaultJobOptions', () => {
  it('retries with exponential backoff and bounds retention', () => {
    const o = defaultJobOptions({ prefix: 'wt', attempts: 5, backoffMs: 1000, keepCompleted: { age: 60, count: 10 }, keepFailed: { age: 600, count: 100 } });
    expect(o).toEqual({
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 60, count: 10 },
      removeOnFail: { age: 600, count: 100 },
    });
  });
});

describe('jobLogFields', () => {
  it('carries queue, job, feed and story ids, whatever the stage', () => {
    const story = { id: 's_1', feedId: 'xinhua-ar' };
    expect(jobLogFields('fetch', { id: 'j1', data: { feedId: 'xinhua-ar' } } as Job)).toEqual({ queue: 'fetch', jobId: 'j1', feedId: 'xinhua-ar', storyId: undefined });
    expect(jobLogFields('normalize', { id: 'j2', data: { story } } as Job)).toEqual({ queue: 'normalize', jobId: 'j2', feedId: 'xinhua-ar', storyId: 's_1' });
    expect(jobLogFields('extract', { id: 'j3', data: { normalized: { story } } } as Job)).toMatchObject({ storyId: 's_1' });
    expect(jobLogFields('store', { id: 'j4', data: { result: { normalized: { story } } } } as Job)).toMatchObject({ storyId: 's_1', feedId: 'xinhua-ar' });
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'));
  it('runs redis with AOF and noeviction, postgres, the service and scalable workers', () => {
    const redisCmd = compose.services.redis.command.join(' ');
    expect(redisCmd).toMatch(/--appendonly yes/);
    expect(redisCmd).toMatch(/--maxmemory-policy noeviction/);
    expect(compose.services.postgres.image).toMatch(/^postgres/);
    expect(compose.services.service.command.join(' ')).toMatch(/serve --role api,scheduler/);
    expect(compose.services.worker.command.join(' ')).toMatch(/serve --role worker/);
    // A scalable service publishes no fixed host port and has no container_name.
    expect(compose.services.worker.ports).toBeUndefined();
    expect(compose.services.worker.container_name).toBeUndefined();
  });
});
