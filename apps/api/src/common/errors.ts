/** The message of anything thrown, for logs and audit entries. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
