/**
 * Reads generated XML back with XPath 1.0, evaluated by libxml2 (xmllint-wasm's `--xpath`), so
 * tests assert on the parsed document instead of matching text. xmllint cannot bind namespace
 * prefixes, so steps match on local names: `${step('EntityType', "@Name='Order'")}`.
 */
import { validateXML } from 'xmllint-wasm';

/** A location step for the element with this local name, in any namespace, with optional predicates. */
export function step(localName: string, ...predicates: readonly string[]): string {
  return `*[local-name()='${localName}']${predicates.map((predicate) => `[${predicate}]`).join('')}`;
}

/** The XPath string value of `expression` (`''` for an empty node-set). */
export async function xpathString(xml: string, expression: string): Promise<string> {
  const result = await validateXML({
    xml: [{ fileName: 'document.xml', contents: xml }],
    // Output goes to `normalized` only in a normalising run; `--xpath` then replaces `--format`.
    normalization: 'format',
    modifyArguments: (args) => ['--xpath', `string(${expression})`, ...args.filter((arg) => arg !== '--format')],
  });
  // xmllint prints the value followed by one newline.
  return result.normalized.slice(0, -1);
}

export async function xpathCount(xml: string, expression: string): Promise<number> {
  return Number(await xpathString(xml, `count(${expression})`));
}

/** The string values of the nodes `expression` selects, in document order. */
export async function xpathStrings(xml: string, expression: string): Promise<readonly string[]> {
  const count = await xpathCount(xml, expression);
  return Promise.all(
    Array.from({ length: count }, (_, index) => xpathString(xml, `(${expression})[${index + 1}]`)),
  );
}
