import type { Prisma } from '../generated/prisma/client.js';

/** Our JSON-safe DTOs (interfaces without index signatures) as a Prisma JSON column value. */
export const asJson = (value: unknown): Prisma.InputJsonValue => value as Prisma.InputJsonValue;
