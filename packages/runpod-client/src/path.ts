import { RunpodError } from './errors.js';

/**
 * Fills a route template such as `/pods/{id}/action` with encoded parameters (openai-node
 * `src/internal/utils/path.ts`). An id is always one path segment: `a/b` becomes `a%2Fb`, and
 * empty, `.` and `..` are refused, since they would silently address another route.
 */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (typeof value !== 'string' || value.length === 0 || value === '.' || value === '..') {
      throw new RunpodError(`Path parameter "${name}" must be a non-empty id, not ${JSON.stringify(value)}`);
    }
    return encodeURIComponent(value);
  });
}

export type QueryValue = string | number | boolean | Date | readonly string[] | null | undefined;

/**
 * Serialises query parameters the way the v2 spec declares them: arrays use `style: form,
 * explode: false` (comma-joined), dates are ISO-8601, unset values are left out.
 */
export function buildQuery(params: Record<string, QueryValue> | undefined): string {
  if (params === undefined) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (value instanceof Date) search.set(key, value.toISOString());
    else if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
    } else search.set(key, String(value));
  }
  const text = search.toString();
  return text.length > 0 ? `?${text}` : '';
}
