/**
 * Whether an error means the database cannot be reached (down, restarting, connection dropped or
 * refused, pool timed out), so that requests answer 503 rather than 500. Prisma's driver adapter
 * passes node-postgres' connection errors through as plain Errors, so the message and the error
 * code (Prisma's P1xxx, or a socket code on the error or its cause) are what identify them.
 */
const PRISMA_CONNECTION_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01',
  '57P03',
]);
const MESSAGES = [
  /Connection terminated/i,
  /connect ECONNREFUSED/i,
  /timeout exceeded when trying to connect/i,
  /Can't reach database server/i,
  /the database system is (starting up|shutting down)/i,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (PRISMA_CONNECTION_CODES.has(code) || SOCKET_CODES.has(code))) return true;
  if (error.name === 'PrismaClientInitializationError') return true;
  if (MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}
