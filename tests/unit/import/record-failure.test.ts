import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { isFinalAttempt } from '../../../src/reprocess/record-failure.js';

describe('isFinalAttempt', () => {
  it('is the last of the configured attempts, or any attempt of an unrecoverable error', () => {
    expect(isFinalAttempt({ attemptsMade: 0, opts: { attempts: 5 } }, new Error('x'))).toBe(false);
    expect(isFinalAttempt({ attemptsMade: 3, opts: { attempts: 5 } }, new Error('x'))).toBe(false);
    expect(isFinalAttempt({ attemptsMade: 4, opts: { attempts: 5 } }, new Error('x'))).toBe(true);
    expect(isFinalAttempt({ attemptsMade: 0, opts: {} }, new Error('x'))).toBe(true);
    expect(isFinalAttempt({ attemptsMade: 0, opts: { attempts: 5 } }, new UnrecoverableError('bad'))).toBe(true);
  });
});
