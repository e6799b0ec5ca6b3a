/**
 * A small, strict XML reader for `nvidia-smi -q -x`: elements, attributes, text, the five
 * predefined entities and character references, comments, CDATA, the XML declaration and a
 * DOCTYPE. Anything else — a tag left open, a mismatched close, text outside the root — is an
 * error, so that garbage on nvidia-smi's stdout is reported as such instead of read as zeros.
 *
 * Hand-written rather than a dependency so the agent stays a handful of files with no runtime
 * dependencies: it can be copied into any pod that has Node and run there.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (not its children's), entities decoded, trimmed. */
  text: string;
}

export class XmlError extends Error {
  constructor(message: string, offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlError';
  }
}

const MAX_DEPTH = 64;
const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ATTRIBUTE = /^\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string, offset: number): string {
  return text.replace(/&([^;&\s]{1,10});|&/g, (match: string, entity: string | undefined) => {
    if (entity === undefined) throw new XmlError('a bare & in text', offset);
    if (entity in ENTITIES) return ENTITIES[entity]!;
    const code = /^#x([0-9A-Fa-f]+)$/.exec(entity)?.[1];
    const decimal = /^#([0-9]+)$/.exec(entity)?.[1];
    const point = code !== undefined ? parseInt(code, 16) : decimal !== undefined ? Number(decimal) : NaN;
    if (!Number.isInteger(point) || point < 1 || point > 0x10ffff) {
      throw new XmlError(`unknown entity ${match}`, offset);
    }
    return String.fromCodePoint(point);
  });
}

/** Parses a whole document; throws `XmlError` when it is not well-formed. */
export function parseXml(source: string): XmlElement {
  const stack: { element: XmlElement; text: string[] }[] = [];
  let root: XmlElement | null = null;
  let i = 0;
  const n = source.length;

  const skipUntil = (terminator: string, what: string): void => {
    const end = source.indexOf(terminator, i);
    if (end === -1) throw new XmlError(`unterminated ${what}`, i);
    i = end + terminator.length;
  };

  while (i < n) {
    const lt = source.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i) {
      const text = source.slice(i, textEnd);
      const open = stack.at(-1);
      if (open) open.text.push(decode(text, i));
      else if (text.trim() !== '') throw new XmlError('text outside the root element', i);
      i = textEnd;
      continue;
    }
    if (source.startsWith('<?', i)) {
      skipUntil('?>', 'processing instruction');
    } else if (source.startsWith('<!--', i)) {
      skipUntil('-->', 'comment');
    } else if (source.startsWith('<![CDATA[', i)) {
      const open = stack.at(-1);
      if (!open) throw new XmlError('CDATA outside the root element', i);
      const end = source.indexOf(']]>', i);
      if (end === -1) throw new XmlError('unterminated CDATA section', i);
      open.text.push(source.slice(i + 9, end));
      i = end + 3;
    } else if (source.startsWith('<!DOCTYPE', i)) {
      if (root || stack.length) throw new XmlError('DOCTYPE after the root element began', i);
      // The declaration may carry an internal subset in brackets.
      const bracket = source.indexOf('[', i);
      const close = source.indexOf('>', i);
      if (close === -1) throw new XmlError('unterminated DOCTYPE', i);
      if (bracket !== -1 && bracket < close) {
        i = bracket;
        skipUntil(']', 'DOCTYPE internal subset');
        skipUntil('>', 'DOCTYPE');
      } else i = close + 1;
    } else if (source.startsWith('</', i)) {
      const name = NAME.exec(source.slice(i + 2, i + 202))?.[0];
      if (!name) throw new XmlError('a close tag without a name', i);
      let j = i + 2 + name.length;
      while (j < n && /\s/.test(source[j]!)) j += 1;
      if (source[j] !== '>') throw new XmlError(`a malformed close tag </${name}`, i);
      const open = stack.pop();
      if (!open) throw new XmlError(`</${name}> closes nothing`, i);
      if (open.element.name !== name) {
        throw new XmlError(`</${name}> closes <${open.element.name}>`, i);
      }
      open.element.text = open.text.join('').trim();
      if (stack.length === 0) root = open.element;
      i = j + 1;
    } else {
      if (root) throw new XmlError('a second root element', i);
      const name = NAME.exec(source.slice(i + 1, i + 201))?.[0];
      if (!name) throw new XmlError('a tag without a name', i);
      let j = i + 1 + name.length;
      const attributes: Record<string, string> = {};
      for (;;) {
        const attribute = ATTRIBUTE.exec(source.slice(j, j + 4096));
        if (!attribute) break;
        attributes[attribute[1]!] = decode(attribute[2] ?? attribute[3] ?? '', j);
        j += attribute[0].length;
      }
      while (j < n && /\s/.test(source[j]!)) j += 1;
      const element: XmlElement = { name, attributes, children: [], text: '' };
      const parent = stack.at(-1);
      if (source.startsWith('/>', j)) {
        if (parent) parent.element.children.push(element);
        else root = element;
        i = j + 2;
      } else if (source[j] === '>') {
        if (stack.length >= MAX_DEPTH) throw new XmlError(`nesting deeper than ${MAX_DEPTH}`, i);
        parent?.element.children.push(element);
        stack.push({ element, text: [] });
        i = j + 1;
      } else {
        throw new XmlError(`a malformed tag <${name}`, i);
      }
    }
  }
  if (stack.length > 0) throw new XmlError(`<${stack.at(-1)!.element.name}> is never closed`, n);
  if (!root) throw new XmlError('no root element', n);
  return root;
}

/** The first child element named `name`. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** The element at a `/`-separated path of child names, e.g. `fb_memory_usage/used`. */
export function at(element: XmlElement | undefined, path: string): XmlElement | undefined {
  return path.split('/').reduce<XmlElement | undefined>((node, name) => child(node, name), element);
}

/** The text at `path`, or `undefined` when the element is absent. */
export function textAt(element: XmlElement | undefined, path: string): string | undefined {
  return at(element, path)?.text;
}
