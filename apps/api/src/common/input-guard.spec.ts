import { describe, expect, it } from '@jest/globals';
import { bodyProblems, MAX_BODY_DEPTH, requestProblems } from './input-guard.js';

/** `depth` arrays around `inner`, built without recursion. */
function nestedArrays(depth: number, inner: unknown = 1): unknown {
  let value = inner;
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
}

describe('the input guard', () => {
  it('lets 32 levels of nesting through and refuses 33', () => {
    expect(bodyProblems(nestedArrays(MAX_BODY_DEPTH))).toEqual([]);
    expect(bodyProblems(nestedArrays(MAX_BODY_DEPTH + 1))).toEqual([
      { field: expect.any(String), message: expect.stringMatching(/more than 32 levels deep/) },
    ]);
  });

  it('walks a body nested 100,000 levels deep without overflowing the stack', () => {
    expect(bodyProblems(nestedArrays(100_000))).toHaveLength(1);
  });

  it('names each string field holding a control character; tab, CR and LF are text', () => {
    const body = {
      ok: 'a\tb\r\nc',
      name: 'a\u0000b',
      nested: { list: ['fine', 'esc\u001b[0m'], del: '\u007f' },
      'key\u0001': 'value',
    };
    expect(
      bodyProblems(body)
        .map((problem) => problem.field)
        .sort(),
    ).toEqual(['"key\\u0001"', 'name', 'nested.del', 'nested.list.1']);
    expect(bodyProblems('\u0000')).toEqual([
      { field: 'body', message: 'body must not contain control characters' },
    ]);
  });

  it('names at most 20 fields, however many are bad', () => {
    expect(bodyProblems(Array.from({ length: 10_000 }, () => '\u0000'))).toHaveLength(20);
  });

  it('refuses every control character, tab and newline included, in path parameters and query values', () => {
    const problems = requestProblems({
      params: { id: 'pod\n1', name: 'fine' },
      query: { podId: ['ok', 'a\tb'], instance: 'fine' },
      body: undefined,
    });
    expect(problems.map((problem) => problem.field)).toEqual(['id', 'podId']);
  });
});
