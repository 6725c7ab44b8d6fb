import { describe, expect, it } from 'vitest';
import { yieldReason } from '../../../src/pipeline/yield-reason.js';
import type { ExtractionDiagnostics } from '../../../src/types.js';

const diag = (d: Partial<ExtractionDiagnostics>): ExtractionDiagnostics => ({ triggers: 0, negatedOrHypothetical: 0, undated: 0, duplicates: 0, ...d });

describe('yieldReason', () => {
  it('is null when the story yielded events', () => {
    expect(yieldReason({ lang: 'en', storedEvents: 2, extractedEvents: 2, diagnostics: diag({ triggers: 3, undated: 1 }) })).toBeNull();
  });

  it('names a failure parse-error before anything else', () => {
    expect(yieldReason({ lang: 'xx', storedEvents: 0, extractedEvents: 0, error: 'TL_ERR_X: boom' })).toBe('parse-error');
  });

  it('names languages without lexicons, including undetermined ones', () => {
    expect(yieldReason({ lang: 'de', storedEvents: 0, extractedEvents: 0, diagnostics: diag({}) })).toBe('unsupported-language');
    expect(yieldReason({ lang: 'und', storedEvents: 0, extractedEvents: 0 })).toBe('unsupported-language');
    expect(yieldReason({ lang: null, storedEvents: 0, extractedEvents: 0 })).toBe('unsupported-language');
    expect(yieldReason({ lang: 'zh-CN', storedEvents: 0, extractedEvents: 0, diagnostics: diag({}) })).toBe('no-trigger');
  });

  it('no trigger at all is no-trigger; triggers all discarded for other reasons too', () => {
    expect(yieldReason({ lang: 'en', storedEvents: 0, extractedEvents: 0, diagnostics: diag({}) })).toBe('no-trigger');
    expect(yieldReason({ lang: 'en', storedEvents: 0, extractedEvents: 0, diagnostics: diag({ triggers: 2 }) })).toBe('no-trigger');
  });

  it('events the store could not place on the timeline are no-date', () => {
    expect(yieldReason({ lang: 'ar', storedEvents: 0, extractedEvents: 1, diagnostics: diag({ triggers: 1 }) })).toBe('no-date');
  });

  it('otherwise the largest count of dropped candidates names the reason, ties in a fixed order', () => {
    expect(yieldReason({ lang: 'en', storedEvents: 0, extractedEvents: 0, diagnostics: diag({ triggers: 3, negatedOrHypothetical: 1, undated: 2 }) })).toBe('no-date');
    expect(yieldReason({ lang: 'en', storedEvents: 0, extractedEvents: 0, diagnostics: diag({ triggers: 2, negatedOrHypothetical: 2 }) })).toBe('negated-or-hypothetical');
    expect(yieldReason({ lang: 'en', storedEvents: 0, extractedEvents: 0, diagnostics: diag({ triggers: 2, negatedOrHypothetical: 1, undated: 1 }) })).toBe('negated-or-hypothetical');
    expect(yieldReason({ lang: 'en', storedEvents: 0, extractedEvents: 0, diagnostics: diag({ triggers: 2, duplicates: 2 }) })).toBe('duplicate');
  });

  it('without diagnostics it cannot tell, and says nothing', () => {
    expect(yieldReason({ lang: 'en', storedEvents: 0, extractedEvents: 0 })).toBeNull();
  });
});
