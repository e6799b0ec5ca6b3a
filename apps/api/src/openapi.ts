import { join } from 'node:path';
import pino from 'pino';
import { buildOpenApiDocument, createApp } from './app.factory.js';
import { loadEnv } from './config/env.js';
import { parsePodwatchConfig } from './config/podwatch-config.js';
import { repoRoot } from './paths.js';

export const openApiDocumentPath = join(repoRoot, 'apps', 'api', 'openapi.json');

/** The document as the API serves it; building the app connects to nothing. */
export async function renderOpenApiDocument(): Promise<string> {
  const config = loadEnv({ LOG_LEVEL: 'silent', PODWATCH_ADMIN_TOKEN: 'openapi-document-build-token' });
  const app = await createApp({
    config,
    podwatch: parsePodwatchConfig('', 'podwatch.yaml'),
    schedule: false,
    database: { url: 'postgresql://openapi@127.0.0.1:1/unused', embedded: false },
    logger: pino({ level: 'silent' }),
  });
  try {
    await app.init();
    return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
