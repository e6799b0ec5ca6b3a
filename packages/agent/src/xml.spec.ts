import { describe, expect, it } from 'vitest';
import { at, parseXml, textAt, XmlError } from './xml.js';

describe(parseXml.name, () => {
  it('reads elements, attributes, text and entities past the declaration, DOCTYPE and comments', () => {
    const root = parseXml(`<?xml version="1.0" ?>
<!DOCTYPE log SYSTEM "log.dtd">
<!-- a comment -->
<log kind='test'>
  <gpu id="00:06.0"><name>A &amp; B &lt;x&gt; &#65;&#x42;</name><empty/></gpu>
  <note><![CDATA[1 < 2]]></note>
</log>
`);
    expect(root.name).toBe('log');
    expect(root.attributes).toEqual({ kind: 'test' });
    expect(at(root, 'gpu')?.attributes.id).toBe('00:06.0');
    expect(textAt(root, 'gpu/name')).toBe('A & B <x> AB');
    expect(textAt(root, 'gpu/empty')).toBe('');
    expect(textAt(root, 'note')).toBe('1 < 2');
    expect(textAt(root, 'gpu/missing')).toBeUndefined();
  });

  it('skips a DOCTYPE with an internal subset', () => {
    expect(parseXml('<!DOCTYPE a [<!ELEMENT a (#PCDATA)>]><a>x</a>').text).toBe('x');
  });

  it.each([
    ['', 'no root element'],
    ['NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.', 'text outside'],
    ['<a><b></a>', '</a> closes <b>'],
    ['<a><b>', 'never closed'],
    ['<a></a><b></b>', 'second root'],
    ['<a>x & y</a>', 'bare &'],
    ['<a>&nbsp;</a>', 'unknown entity'],
    ['</a>', 'closes nothing'],
    ['<a x=1></a>', 'malformed tag'],
    ['<a><!-- never ends</a>', 'unterminated comment'],
    ['<a></a>trailing', 'text outside'],
  ])('rejects %j (%s)', (source, message) => {
    expect(() => parseXml(source)).toThrow(XmlError);
    expect(() => parseXml(source)).toThrow(message);
  });

  it('refuses pathological nesting', () => {
    expect(() => parseXml(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`)).toThrow('nesting deeper');
  });
});
