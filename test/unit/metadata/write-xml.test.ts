import { describe, expect, it } from 'vitest';
import { writeXml, xmlElement, xmlTextElement } from '../../../src/metadata/write-xml.js';
import { step, xpathString } from './query-xml.js';

describe('writeXml', () => {
  it('indents by two spaces, self-closes empty elements and ends with a newline', () => {
    const text = writeXml(xmlElement('a', { x: '1' }, [xmlElement('b', {}, [xmlElement('c')]), xmlElement('d')]));

    expect(text.split('\n')).toEqual([
      '<?xml version="1.0" encoding="utf-8"?>',
      '<a x="1">',
      '  <b>',
      '    <c/>',
      '  </b>',
      '  <d/>',
      '</a>',
      '',
    ]);
  });

  it('leaves out undefined attributes and writes numbers as text', () => {
    const text = writeXml(xmlElement('a', { x: undefined, y: 0, z: 'v' }));

    expect(text).toContain('<a y="0" z="v"/>');
  });

  it.each([
    ['markup characters', `He said "<b>" & 'left'`],
    ['non-ASCII text', 'Straße, 東京, emoji 😀'],
    ['whitespace that attribute normalisation would flatten', 'line 1\nline 2\r\n\tindented'],
    ['a greater-than sign', 'a > b'],
  ])('round-trips %s through a parser', async (_topic, value) => {
    const text = writeXml(xmlElement('a', { v: value }));

    expect(await xpathString(text, `/${step('a')}/@v`)).toBe(value);
  });

  it('writes a text element on one line, its text escaped', async () => {
    const text = writeXml(xmlElement('a', {}, [xmlTextElement('b', 'x & <y>\r'), xmlElement('c')]));

    expect(text.split('\n')).toEqual(['<?xml version="1.0" encoding="utf-8"?>', '<a>', '  <b>x &amp; &lt;y&gt;&#13;</b>', '  <c/>', '</a>', '']);
    expect(await xpathString(text, `/${step('a')}/${step('b')}`)).toBe('x & <y>\r');
  });

  it('replaces characters XML cannot carry with U+FFFD', async () => {
    const text = writeXml(xmlElement('a', { v: 'bell\u0007 nul\u0000 lone\uD800 pair😀 \uFFFF' }));

    expect(await xpathString(text, `/${step('a')}/@v`)).toBe('bell\uFFFD nul\uFFFD lone\uFFFD pair😀 \uFFFD');
  });
});
