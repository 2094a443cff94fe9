/**
 * A minimal XML writer for generated documents: elements with attributes and either child
 * elements or text (CSDL puts most values in attributes; a collection's items are text elements,
 * `<PropertyPath>name</PropertyPath>`). Two-space indentation, one element per line, empty
 * elements self-closed, UTF-8 declaration, trailing newline.
 */

/** Attribute values; `undefined` leaves the attribute out. Written in insertion order. */
export type XmlAttributes = Readonly<Record<string, string | number | undefined>>;

export interface XmlElement {
  readonly name: string;
  readonly attributes: XmlAttributes;
  readonly children: readonly XmlElement[];
  /** The element's text content; an element with text has no children. */
  readonly text?: string;
}

export function xmlElement(
  name: string,
  attributes: XmlAttributes = {},
  children: readonly XmlElement[] = [],
): XmlElement {
  return { name, attributes, children };
}

/** An element holding text only, written on one line: `<PropertyPath>name</PropertyPath>`. */
export function xmlTextElement(name: string, text: string): XmlElement {
  return { name, attributes: {}, children: [], text };
}

export function writeXml(root: XmlElement): string {
  return ['<?xml version="1.0" encoding="utf-8"?>', ...elementLines(root, 0)].join('\n') + '\n';
}

function elementLines(element: XmlElement, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const start = `${indent}<${element.name}${attributeText(element.attributes)}`;
  if (element.text !== undefined) {
    return [`${start}>${escapeText(element.text)}</${element.name}>`];
  }
  if (element.children.length === 0) {
    return [`${start}/>`];
  }
  return [
    `${start}>`,
    ...element.children.flatMap((child) => elementLines(child, depth + 1)),
    `${indent}</${element.name}>`,
  ];
}

function attributeText(attributes: XmlAttributes): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttributeValue(String(value))}"`)
    .join('');
}

/**
 * Characters XML 1.0 cannot carry at all, not even as a character reference: C0 controls other
 * than tab/LF/CR, U+FFFE, U+FFFF, and (with the `u` flag) unpaired surrogates.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const notXmlChar = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu;

const attributeEscapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // Written as references so attribute-value normalisation does not turn them into spaces.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Escapes text for a double-quoted attribute; unrepresentable characters become U+FFFD. */
function escapeAttributeValue(text: string): string {
  return text.replace(notXmlChar, '\uFFFD').replace(/[&<>"\t\n\r]/g, (char) => attributeEscapes[char] ?? char);
}

/** Escapes element text (a carriage return as a reference, which line-end normalisation keeps); unrepresentable characters become U+FFFD. */
function escapeText(text: string): string {
  return text.replace(notXmlChar, '\uFFFD').replace(/[&<>\r]/g, (char) => attributeEscapes[char] ?? char);
}
