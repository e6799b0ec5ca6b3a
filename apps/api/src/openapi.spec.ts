import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import { openApiDocumentPath, renderOpenApiDocument } from './openapi.js';

describe('committed OpenAPI document', () => {
  it('matches what the API serves (run `pnpm --filter @podwatch/api openapi` after changing a contract)', async () => {
    const committed = await readFile(openApiDocumentPath, 'utf8');
    expect(committed).toBe(await renderOpenApiDocument());
  });
});
