#!/usr/bin/env node
/**
 * Writes the API's OpenAPI document to apps/api/openapi.json, committed so that a change of
 * contract shows in review (a test fails when the committed copy is out of date).
 */
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { openApiDocumentPath, renderOpenApiDocument } from './openapi.js';

await writeFile(openApiDocumentPath, await renderOpenApiDocument());
console.log(`Wrote ${openApiDocumentPath}`);
