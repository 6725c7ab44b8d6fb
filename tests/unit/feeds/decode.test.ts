import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  charsetFromContentType,
  charsetFromXmlDeclaration,
  decodeBytes,
  normalizeCharset,
  sniffKind,
} from '../../../src/feeds/decode.js';

const xmlIn = (charset: string, body: string, declared = charset): Uint8Array =>
  new Uint8Array(iconv.encode(`<?xml version="1.0" encoding="${declared}"?>\n<rss version="2.0"><channel><title>${body}</title></channel></rss>`, charset));

describe('charset helpers', () => {
  it('normalizes labels to the decoder actually used', () => {
    expect(normalizeCharset('GB2312')).toBe('gb18030');
    expect(normalizeCharset('gbk')).toBe('gb18030');
    expect(normalizeCharset('ISO-8859-1')).toBe('windows-1252');
    expect(normalizeCharset('"Windows-1251"')).toBe('windows-1251');
    expect(normalizeCharset('UTF8')).toBe('utf-8');
    expect(normalizeCharset('koi8-r')).toBe('koi8-r');
    expect(normalizeCharset('no-such-charset')).toBeNull();
    expect(normalizeCharset('')).toBeNull();
  });

  it('reads the header and the XML declaration', () => {
    expect(charsetFromContentType('text/xml; charset="windows-1256"')).toBe('windows-1256');
    expect(charsetFromContentType('application/rss+xml')).toBeNull();
    expect(charsetFromXmlDeclaration(new TextEncoder().encode("\n<?xml version='1.0' encoding='KOI8-R'?><rss/>"))).toBe('KOI8-R');
  });

  it('sniffs the document kind', () => {
    expect(sniffKind(new TextEncoder().encode('\n <?xml version="1.0"?><rss/>'))).toBe('xml');
    expect(sniffKind(new TextEncoder().encode('<feed xmlns="http://www.w3.org/2005/Atom">'))).toBe('xml');
    expect(sniffKind(new TextEncoder().encode('<!DOCTYPE html><html><body>x</body></html>'))).toBe('html');
    expect(sniffKind(new TextEncoder().encode('Just words.'))).toBe('text');
  });
});

describe('decodeBytes', () => {
  const cases: Array<[string, string, string]> = [
    ['windows-1256', 'الرئيس يستقبل الوزير', 'windows-1256'],
    ['iso-8859-6', 'الرئيس يستقبل الوزير', 'iso-8859-6'],
    ['gb2312', '习近平会见外国领导人', 'gb18030'],
    ['gbk', '国务院新闻办公室', 'gb18030'],
    ['gb18030', '新华社北京电', 'gb18030'],
    ['big5', '臺灣新聞', 'big5'],
    ['windows-1251', 'Новости Оренбурга', 'windows-1251'],
    ['koi8-r', 'Новости Москвы', 'koi8-r'],
    ['iso-8859-1', 'Primeiro jornal em língua portuguesa — não', 'windows-1252'],
  ];

  it.each(cases)('%s via the XML declaration', (charset, text, want) => {
    const body = charset === 'iso-8859-1' ? text.replace('—', '-') : text;
    const r = decodeBytes(xmlIn(charset, body));
    expect(r.charset).toBe(want);
    expect(r.text).toContain(body);
  });

  it.each(cases)('%s via a correct HTTP header without declaration', (charset, text, want) => {
    const body = charset === 'iso-8859-1' ? text.replace('—', '-') : text;
    const bytes = new Uint8Array(iconv.encode(`<rss><channel><title>${body}</title></channel></rss>`, charset));
    const r = decodeBytes(bytes, { contentType: `text/xml; charset=${charset}` });
    expect(r.source).toBe('header');
    expect(r.charset).toBe(want);
    expect(r.text).toContain(body);
  });

  it('the header wins over the declaration when both fit (RFC 7303)', () => {
    const bytes = new Uint8Array(iconv.encode('<?xml version="1.0" encoding="windows-1252"?><rss><title>Новости</title></rss>', 'windows-1251'));
    const r = decodeBytes(bytes, { contentType: 'text/xml; charset=windows-1251' });
    expect(r.charset).toBe('windows-1251');
    expect(r.text).toContain('Новости');
  });

  it('catches a header that claims utf-8 over non-UTF-8 bytes', () => {
    const r = decodeBytes(xmlIn('gb2312', '习近平会见外国领导人'), { contentType: 'text/xml; charset=utf-8' });
    expect(r.charset).toBe('gb18030');
    expect(r.source).toBe('declaration');
    expect(r.text).toContain('习近平会见外国领导人');
  });

  it('catches a single-byte header over bytes declared and valid as UTF-8', () => {
    const bytes = new TextEncoder().encode('<?xml version="1.0" encoding="utf-8"?><rss><title>Bruxelles — été</title></rss>');
    const r = decodeBytes(bytes, { contentType: 'text/xml; charset=iso-8859-1' });
    expect(r.charset).toBe('utf-8');
    expect(r.text).toContain('Bruxelles — été');
  });

  it('the BOM wins over everything', () => {
    const body = new TextEncoder().encode('<?xml version="1.0" encoding="windows-1251"?><rss><title>Déjà vu</title></rss>');
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...body]);
    const r = decodeBytes(withBom, { contentType: 'text/xml; charset=koi8-r' });
    expect(r.source).toBe('bom');
    expect(r.text.startsWith('<?xml')).toBe(true);
    expect(r.text).toContain('Déjà vu');
    const utf16 = new Uint8Array([0xff, 0xfe, ...iconv.encode('<rss><title>Ümlaut</title></rss>', 'utf-16le')]);
    expect(decodeBytes(utf16).text).toContain('Ümlaut');
  });

  it('without any label: UTF-8 if valid, else windows-1252', () => {
    expect(decodeBytes(new TextEncoder().encode('<rss>naïve</rss>')).text).toContain('naïve');
    const r = decodeBytes(new Uint8Array(iconv.encode('<rss>naïve café</rss>', 'latin1')));
    expect(r.charset).toBe('windows-1252');
    expect(r.text).toContain('naïve café');
  });

  it('reads <meta charset> in HTML', () => {
    const html = new Uint8Array(iconv.encode('<html><head><meta charset="windows-1256"></head><body>مرحبا</body></html>', 'windows-1256'));
    const r = decodeBytes(html, { kind: 'html' });
    expect(r.charset).toBe('windows-1256');
    expect(r.text).toContain('مرحبا');
  });
});
