import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from './redact.js';

const KEY = 'rpa_SECRET/KEY+123';

describe(Redactor.name, () => {
  const sut = new Redactor([KEY]);

  it('removes the key wherever it appears, raw or percent-encoded', () => {
    expect(sut.text(`key ${KEY} and ${encodeURIComponent(KEY)}`)).toBe(`key ${REDACTED} and ${REDACTED}`);
  });

  it('removes any api_key query value and bearer token, even when it is not the configured key', () => {
    expect(sut.text('https://api.runpod.io/graphql?api_key=other&x=1')).toBe(
      `https://api.runpod.io/graphql?api_key=${REDACTED}&x=1`,
    );
    expect(sut.text('Authorization: Bearer abc.def')).toBe(`Authorization: Bearer ${REDACTED}`);
  });

  it('redacts JSON values deeply and drops credential headers', () => {
    expect(sut.json({ detail: `bad key ${KEY}`, list: [KEY, 1, null] })).toEqual({
      detail: `bad key ${REDACTED}`,
      list: [REDACTED, 1, null],
    });
    const headers = sut.headers(new Headers({ 'x-echo': KEY, 'set-cookie': 'a=b', 'x-request-id': 'r1' }));
    expect(headers).toEqual({ 'x-echo': REDACTED, 'x-request-id': 'r1' });
  });
});
