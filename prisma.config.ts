import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

// The native schema engine cannot be downloaded here, and `prisma generate` never runs it: point
// the CLI's existence check at a stub. Migrations go through our wasm-based tool (apps/api/src/db).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(
  new URL('./prisma/schema-engine-unavailable.sh', import.meta.url),
);

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
