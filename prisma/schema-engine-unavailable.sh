#!/bin/sh
echo "The native Prisma schema engine is not installed here. Use the wasm-based scripts: pnpm db:deploy | db:create <name> | db:check" >&2
exit 1
