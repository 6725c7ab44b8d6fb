/**
 * Escaping helpers for server-rendered HTML. Everything that comes from a
 * story (titles, names, evidence, URLs) is hostile and goes through these.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Escapes text for an HTML text node or a quoted attribute value.
 *
 * @example
 * escapeHtml('<script>alert("x")</script>') // '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
 * escapeHtml(null)                          // ''
 */
export function escapeHtml(value: unknown): string {
  if (value == null) return '';
  // Lone surrogates and C0 controls (other than tab/newline) are dropped: browsers render them as garbage.
  return String(value)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

/**
 * Returns the URL when it is an absolute http(s) URL, else null: `javascript:`,
 * `data:` and relative URLs from a story must never become links.
 *
 * @example
 * safeHttpUrl('https://example.com/a?b=1') // 'https://example.com/a?b=1'
 * safeHttpUrl('javascript:alert(1)')       // null
 */
export function safeHttpUrl(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > 2048) return null;
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * Shortens text to at most `max` characters on a word boundary when possible.
 *
 * @example
 * truncate('The quick brown fox', 12) // 'The quick…'
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const sp = cut.lastIndexOf(' ');
  return (sp > max * 0.6 ? cut.slice(0, sp) : cut).trimEnd() + '…';
}
