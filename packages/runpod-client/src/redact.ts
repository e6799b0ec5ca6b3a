/**
 * Keeps the RunPod API key out of everything this package lets escape: error messages,
 * `cause`s, stored bodies and headers, hook events. Every text that came from the network or
 * from a URL passes through here before it is attached to anything.
 */

export const REDACTED = '[REDACTED]';

// GraphQL's documented auth puts the key in the query string (NOTES §2.1); headers may echo it.
const KEY_IN_QUERY = /([?&](?:api_key|apiKey|api-key|token|access_token)=)[^&#\s"']+/gi;
const BEARER = /(\bBearer\s+)[^\s"',;]+/gi;

export class Redactor {
  readonly #secrets: readonly string[];

  constructor(secrets: readonly (string | undefined)[]) {
    // Longest first, so that a secret containing another one is removed whole.
    this.#secrets = secrets
      .filter((secret): secret is string => typeof secret === 'string' && secret.length > 0)
      .sort((a, b) => b.length - a.length);
  }

  text(value: string): string {
    let result = value;
    for (const secret of this.#secrets) {
      result = result.split(secret).join(REDACTED);
      // A key can also appear percent-encoded inside a URL.
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) result = result.split(encoded).join(REDACTED);
    }
    return result.replace(KEY_IN_QUERY, `$1${REDACTED}`).replace(BEARER, `$1${REDACTED}`);
  }

  /** A deep copy of a JSON value with every string redacted. */
  json(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.json(item));
    if (typeof value === 'object' && value !== null) {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) copy[this.text(key)] = this.json(item);
      return copy;
    }
    return value;
  }

  /** Response headers as a plain object, values redacted; credentials-bearing headers dropped. */
  headers(headers: Headers): Record<string, string> {
    const result: Record<string, string> = {};
    headers.forEach((value, name) => {
      if (name === 'set-cookie' || name === 'authorization') return;
      result[name] = this.text(value);
    });
    return result;
  }
}
