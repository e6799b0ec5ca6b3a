/** A thrown value's message (or the value itself as text), for "unavailable: <reason>" and logs. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
