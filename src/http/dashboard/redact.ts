/**
 * Job data as the queue dashboard shows it: story texts and other large
 * values are cut down so that the UI stays usable and does not display whole
 * articles. The job itself is untouched (this is a Bull Board data formatter).
 */

export interface RedactLimits {
  /** Text-like fields (text, raw_text, html, body, …) longer than this are cut. */
  textChars: number;
  /** Any other string longer than this is cut. */
  anyChars: number;
  /** Arrays longer than this keep their first items and a note. */
  arrayItems: number;
  /** Deeper values are replaced by a note. */
  depth: number;
}

export const DEFAULT_REDACT_LIMITS: RedactLimits = { textChars: 400, anyChars: 4000, arrayItems: 50, depth: 12 };

const TEXT_KEYS = new Set(['text', 'rawtext', 'raw_text', 'html', 'body', 'content', 'summary', 'description', 'raw']);

function cut(s: string, keep: number): string {
  return `${s.slice(0, Math.min(keep, 160))}… [redacted: ${s.length} characters]`;
}

/**
 * Returns a redacted copy of job data.
 *
 * @example
 * redactJobData({ story: { id: 's1', text: 'x'.repeat(5000) } })
 * // { story: { id: 's1', text: 'xxxx…xxx… [redacted: 5000 characters]' } }
 */
export function redactJobData(data: unknown, limits: RedactLimits = DEFAULT_REDACT_LIMITS): unknown {
  const walk = (v: unknown, key: string, depth: number): unknown => {
    if (typeof v === 'string') {
      if (TEXT_KEYS.has(key.toLowerCase()) && v.length > limits.textChars) return cut(v, limits.textChars);
      return v.length > limits.anyChars ? cut(v, limits.anyChars) : v;
    }
    if (v === null || typeof v !== 'object') return v;
    if (depth >= limits.depth) return '[redacted: nested too deep]';
    if (Array.isArray(v)) {
      const out: unknown[] = v.slice(0, limits.arrayItems).map((x) => walk(x, key, depth + 1));
      if (v.length > limits.arrayItems) out.push(`[redacted: ${v.length - limits.arrayItems} more items]`);
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = walk(x, k, depth + 1);
    return out;
  };
  return walk(data, '', 0);
}
