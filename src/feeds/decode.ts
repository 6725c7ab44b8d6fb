/**
 * Byte → text decoding for feeds, HTML pages and plain text.
 *
 * Precedence (XML spec appendix F, RFC 7303): BOM > HTTP charset > XML
 * declaration (> `<meta charset>` for HTML) > UTF-8. A lying header is caught:
 * when the header's charset cannot decode the bytes (or the bytes are clearly
 * UTF-8 while the header names a single-byte charset) and the document itself
 * declares another charset that fits, the declaration wins.
 */
import iconv from 'iconv-lite';

export type DocumentKind = 'xml' | 'html' | 'text';

export interface DecodeOptions {
  /** The HTTP `Content-Type` header value, if any. */
  contentType?: string | null;
  /** What the bytes are; `xml` reads the XML declaration, `html` the meta tags. Default: sniffed. */
  kind?: DocumentKind;
}

export interface DecodeResult {
  text: string;
  /** Canonical charset name actually used, e.g. `utf-8`, `gb18030`, `windows-1252`. */
  charset: string;
  /** Where the charset came from. */
  source: 'bom' | 'header' | 'declaration' | 'meta' | 'sniffed' | 'default';
}

/** Labels whose decoder must be a superset (WHATWG practice). */
const SUPERSETS: Readonly<Record<string, string>> = {
  'gb2312': 'gb18030',
  'gbk': 'gb18030',
  'x-gbk': 'gb18030',
  'cp936': 'gb18030',
  'csgb2312': 'gb18030',
  'chinese': 'gb18030',
  'iso-ir-58': 'gb18030',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  'latin1': 'windows-1252',
  'l1': 'windows-1252',
  'us-ascii': 'windows-1252',
  'ascii': 'windows-1252',
  'cp1252': 'windows-1252',
  'big5-hkscs': 'big5',
  'cp1251': 'windows-1251',
  'cp1256': 'windows-1256',
  'utf8': 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'x-mac-cyrillic': 'x-mac-cyrillic',
};

const SINGLE_BYTE = /^(?:windows-125\d|iso-8859-\d+|koi8-[ru]|ibm866|macintosh|x-mac-cyrillic)$/;

/**
 * Canonical charset name for a label, or null when no decoder knows it.
 *
 * @example
 * normalizeCharset('GB2312') // 'gb18030'
 * normalizeCharset('ISO-8859-1') // 'windows-1252'
 * normalizeCharset('nonsense') // null
 */
export function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const clean = label.trim().replace(/^["']|["']$/g, '').trim().toLowerCase();
  if (clean === '' || clean.length > 40) return null;
  const mapped = SUPERSETS[clean];
  if (mapped) return mapped;
  try {
    const enc = new TextDecoder(clean).encoding;
    if (enc === 'gbk') return 'gb18030';
    return enc;
  } catch {
    return iconv.encodingExists(clean) ? clean : null;
  }
}

/**
 * The `charset` parameter of a Content-Type header, or null.
 *
 * @example
 * charsetFromContentType('text/xml; charset="windows-1251"') // 'windows-1251'
 */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("?)([A-Za-z0-9._:\-]{1,40})\1/i.exec(contentType.slice(0, 500));
  return m?.[2] ?? null;
}

/** Charset implied by a byte-order mark, with the BOM length. */
export function charsetFromBom(bytes: Uint8Array): { charset: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return null;
}

/** ASCII view of the first `n` bytes (for reading declarations). */
function asciiHead(bytes: Uint8Array, n: number): string {
  const end = Math.min(bytes.length, n);
  let s = '';
  for (let i = 0; i < end; i++) {
    const b = bytes[i] ?? 0;
    s += b < 0x80 && b !== 0 ? String.fromCharCode(b) : b === 0 ? '' : '\u0080';
  }
  return s;
}

/**
 * The `encoding` of the XML declaration, or null.
 *
 * @example
 * charsetFromXmlDeclaration(bytesOf('<?xml version="1.0" encoding="gb2312"?>')) // 'gb2312'
 */
export function charsetFromXmlDeclaration(bytes: Uint8Array): string | null {
  const head = asciiHead(bytes, 1024);
  const m = /^\s*<\?xml\s[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:\-]{1,40})["']/.exec(head);
  return m?.[1] ?? null;
}

/** Charset named by `<meta charset>` or `<meta http-equiv=Content-Type>` in the head of an HTML page. */
export function charsetFromHtmlMeta(bytes: Uint8Array): string | null {
  const head = asciiHead(bytes, 8192);
  const m1 = /<meta\s[^>]{0,300}?charset\s*=\s*["']?([A-Za-z0-9._:\-]{1,40})/i.exec(head);
  return m1?.[1] ?? null;
}

/** Whether `bytes` decode as the given charset without replacement characters. */
export function decodesCleanly(bytes: Uint8Array, charset: string): boolean {
  try {
    new TextDecoder(charset, { fatal: true }).decode(bytes);
    return true;
  } catch (e) {
    if (e instanceof RangeError) {
      // Decoder unknown to TextDecoder: iconv-lite never throws, look for U+FFFD.
      return !iconv.decode(Buffer.from(bytes), charset).includes('\uFFFD');
    }
    return false;
  }
}

/** Whether the bytes contain anything outside ASCII. */
function hasNonAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] ?? 0) >= 0x80) return true;
  return false;
}

/**
 * Decode bytes with a charset, via TextDecoder, else iconv-lite.
 *
 * @example
 * decodeWith(new Uint8Array([0xc7, 0xe1]), 'windows-1256') // 'ال'
 */
export function decodeWith(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    if (iconv.encodingExists(charset)) return iconv.decode(Buffer.from(bytes), charset);
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Guess whether bytes are XML, HTML or plain text from their first characters. */
export function sniffKind(bytes: Uint8Array): DocumentKind {
  const head = asciiHead(bytes, 2048).replace(/^\s+/, '').toLowerCase();
  if (head.startsWith('<?xml')) {
    return /<(?:html|!doctype html)[\s>]/.test(head) ? 'html' : 'xml';
  }
  if (/^<(?:rss|feed|rdf:rdf)[\s>]/.test(head)) return 'xml';
  if (/^<(?:!doctype html|html|head|body|meta|title|article|div|p)[\s>]/.test(head) || head.startsWith('<!--')) {
    return 'html';
  }
  return 'text';
}

/**
 * Detect the charset of a document and decode it.
 * The returned text has no BOM.
 *
 * @example
 * decodeBytes(gb2312Bytes, { contentType: 'text/xml; charset=utf-8' })
 * // → { charset: 'gb18030', source: 'declaration', text: '<?xml …习近平…' }
 */
export function decodeBytes(bytes: Uint8Array, opts: DecodeOptions = {}): DecodeResult {
  const bom = charsetFromBom(bytes);
  if (bom) {
    return { text: decodeWith(bytes.subarray(bom.length), bom.charset), charset: bom.charset, source: 'bom' };
  }
  const kind = opts.kind ?? sniffKind(bytes);
  const header = normalizeCharset(charsetFromContentType(opts.contentType));
  let declared: string | null = null;
  let declaredSource: 'declaration' | 'meta' = 'declaration';
  if (kind === 'xml') {
    declared = normalizeCharset(charsetFromXmlDeclaration(bytes));
  } else if (kind === 'html') {
    declared = normalizeCharset(charsetFromXmlDeclaration(bytes) ?? charsetFromHtmlMeta(bytes));
    declaredSource = 'meta';
  }
  // UTF-16 documents without BOM: a declaration read in ASCII would be garbage; sniff `<\0?\0`.
  if (!header && !declared && bytes.length >= 4) {
    if (bytes[0] === 0x3c && bytes[1] === 0 && bytes[2] === 0x3f && bytes[3] === 0) {
      return { text: decodeWith(bytes, 'utf-16le'), charset: 'utf-16le', source: 'sniffed' };
    }
    if (bytes[0] === 0 && bytes[1] === 0x3c && bytes[2] === 0 && bytes[3] === 0x3f) {
      return { text: decodeWith(bytes, 'utf-16be'), charset: 'utf-16be', source: 'sniffed' };
    }
  }
  // A declared UTF-16 in a document that reads as ASCII is a known lie (the bytes are 8-bit).
  if (declared?.startsWith('utf-16')) declared = 'utf-8';

  if (header) {
    if (declared && declared !== header && headerLies(bytes, header, declared)) {
      return { text: decodeWith(bytes, declared), charset: declared, source: declaredSource };
    }
    return { text: decodeWith(bytes, header), charset: header, source: 'header' };
  }
  if (declared) {
    if (SINGLE_BYTE.test(declared) && isClearlyUtf8(bytes)) {
      // A single-byte declaration over bytes that are plainly UTF-8 (re-encoded feed): trust the bytes.
      return { text: decodeWith(bytes, 'utf-8'), charset: 'utf-8', source: 'sniffed' };
    }
    return { text: decodeWith(bytes, declared), charset: declared, source: declaredSource };
  }
  if (decodesCleanly(bytes, 'utf-8')) return { text: decodeWith(bytes, 'utf-8'), charset: 'utf-8', source: 'default' };
  return { text: decodeWith(bytes, 'windows-1252'), charset: 'windows-1252', source: 'sniffed' };
}

/** Valid UTF-8 with at least one multi-byte sequence: almost never an accident in another charset. */
function isClearlyUtf8(bytes: Uint8Array): boolean {
  return hasNonAscii(bytes) && decodesCleanly(bytes, 'utf-8');
}

/**
 * Whether the HTTP header's charset is wrong and the document's own declaration is right.
 * Only overrides the header on evidence from the bytes.
 */
function headerLies(bytes: Uint8Array, header: string, declared: string): boolean {
  if (!hasNonAscii(bytes)) return false;
  const headerFits = decodesCleanly(bytes, header);
  const declaredFits = decodesCleanly(bytes, declared);
  if (!headerFits && declaredFits) return true;
  // Header names a single-byte charset (which always "fits") but the bytes are valid UTF-8 as declared.
  if (declared === 'utf-8' && SINGLE_BYTE.test(header) && declaredFits) return true;
  // Header says UTF-8 and the bytes are not UTF-8: trust the declaration even if it is single-byte.
  if (header === 'utf-8' && !headerFits) return true;
  return false;
}
