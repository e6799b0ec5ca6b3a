/** JSON output for scripts: the API's own shapes, pretty-printed, one document per command. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
