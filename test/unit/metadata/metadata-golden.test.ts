/**
 * The whole documents for the sample model, compared as exact text with golden files in
 * test/golden/. After an intended change, regenerate with `UPDATE_GOLDEN=1 npx vitest run
 * test/unit/metadata` and review the diff.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatCsdlJson } from '../../../src/metadata/format-csdl-json.js';
import { formatCsdlXml } from '../../../src/metadata/format-csdl-xml.js';
import { sampleModel } from './sample-model.js';

const updateGolden = process.env['UPDATE_GOLDEN'] === '1';

async function expectGolden(fileName: string, actual: string): Promise<void> {
  const file = fileURLToPath(new URL(`../../golden/${fileName}`, import.meta.url));
  if (updateGolden) {
    await writeFile(file, actual, 'utf8');
  }
  expect(actual).toBe(await readFile(file, 'utf8'));
}

describe('$metadata golden files for the sample model', () => {
  it('matches test/golden/metadata-sample.xml', async () => {
    await expectGolden('metadata-sample.xml', formatCsdlXml(sampleModel));
  });

  it('matches test/golden/metadata-sample.json', async () => {
    await expectGolden('metadata-sample.json', `${JSON.stringify(formatCsdlJson(sampleModel), null, 2)}\n`);
  });
});
