/**
 * Proves the CSDL validators in test/support accept the OASIS examples and reject broken
 * documents, so a passing validation of our own output means something.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCsdlXml } from '../../../src/metadata/format-csdl-xml.js';
import { writeXml, xmlElement } from '../../../src/metadata/write-xml.js';
import { csdlSchemasDir, validateCsdlJson, validateCsdlXml } from '../../support/validate-csdl.js';
import { sampleModel } from './sample-model.js';

const examplesDir = path.join(csdlSchemasDir, 'examples');
const counterexamplesDir = path.join(csdlSchemasDir, 'counterexamples');

function examples(extension: string): string[] {
  return readdirSync(examplesDir).filter((file) => file.endsWith(extension));
}

function readExampleJson(file: string): unknown {
  return JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8'));
}

/** The parts of the OASIS example csdl-16.1.json that the broken variants change. */
interface DemoDocument {
  $Version: unknown;
  ODataDemo: Record<string, Record<string, unknown>>;
}

/** `test.properties` names, per counterexample, the line where validation must fail. */
function counterexampleLines(): [string, number][] {
  const properties = readFileSync(path.join(counterexamplesDir, 'test.properties'), 'utf8');
  return properties
    .split('\n')
    .map((line) => line.trim().split('='))
    .filter((parts): parts is [string, string] => parts.length === 2 && (parts[0] ?? '').endsWith('.xml.line'))
    .map(([key, line]) => [key.slice(0, -'.line'.length), Number(line)]);
}

describe('validateCsdlXml', () => {
  it('finds the OASIS examples', () => {
    expect(examples('.xml').length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples('.xml'))('accepts the OASIS example %s', async (file) => {
    expect(await validateCsdlXml(readFileSync(path.join(examplesDir, file), 'utf8'))).toEqual([]);
  });

  it.each(counterexampleLines())('rejects the OASIS counterexample %s at line %i', async (file, line) => {
    const errors = await validateCsdlXml(readFileSync(path.join(counterexamplesDir, file), 'utf8'));

    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(new RegExp(`^metadata\\.xml:${line}:`));
  });

  it('rejects a Property without Type', async () => {
    const document = writeXml(
      xmlElement('edmx:Edmx', { Version: '4.0', 'xmlns:edmx': 'http://docs.oasis-open.org/odata/ns/edmx' }, [
        xmlElement('edmx:DataServices', {}, [
          xmlElement('Schema', { xmlns: 'http://docs.oasis-open.org/odata/ns/edm', Namespace: 'Broken' }, [
            xmlElement('EntityType', { Name: 'Thing' }, [xmlElement('Property', { Name: 'id' })]),
          ]),
        ]),
      ]),
    );

    const errors = await validateCsdlXml(document);

    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("The attribute 'Type' is required");
  });

  it('reports a document that is not well-formed instead of throwing', async () => {
    const truncated = formatCsdlXml(sampleModel).slice(0, -20);

    expect((await validateCsdlXml(truncated)).length).toBeGreaterThan(0);
  });
});

describe('validateCsdlJson', () => {
  it('finds the OASIS examples', () => {
    expect(examples('.json').length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples('.json'))('accepts the OASIS example %s', (file) => {
    expect(validateCsdlJson(readExampleJson(file))).toEqual([]);
  });

  it.each<[string, (document: DemoDocument) => void]>([
    ['an unknown $Version', (document) => (document.$Version = '5.0')],
    ['a $Key that is not an array', (document) => (document.ODataDemo['Product']!['$Key'] = 'ID')],
    ['a property $Type that is not a qualified name', (document) => (document.ODataDemo['Product']!['ID'] = { $Type: 42 })],
    ['a $MaxLength of zero', (document) => (document.ODataDemo['Country']!['Code'] = { $MaxLength: 0 })],
    [
      'a navigation property without $Kind',
      (document) => (document.ODataDemo['Category']!['Products'] = { $Type: 'ODataDemo.Product', $Partner: 'Category' }),
    ],
    ['an entity set without $Type', (document) => (document.ODataDemo['DemoService']!['Countries'] = { $Collection: true })],
    ['a member name that is not an identifier', (document) => (document.ODataDemo['Product']!['bad name'] = {})],
  ])('rejects %s', (_topic, breakage) => {
    const document = readExampleJson('csdl-16.1.json') as DemoDocument;
    breakage(document);

    expect(validateCsdlJson(document).length).toBeGreaterThan(0);
  });
});
