/**
 * fast-check arbitraries for malformed requests to one operation of the committed openapi.json:
 * a valid example request with one thing broken (a path parameter, a query value, one body field
 * set to null, a wrong type, a control character or a deep nest, or the body as a whole), sent
 * with no token, a wrong one, or the admin, read or agent token.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { repoRoot } from '../../src/paths.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Schema {
  $ref?: string;
  type?: string;
  enum?: Json[];
  example?: Json;
  default?: Json;
  properties?: Record<string, Schema>;
  items?: Schema;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}

interface OpenApiOperation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema; examples?: Record<string, { value: Json }> }> };
}

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  parameters: Parameter[];
  /** A valid body to break, when the operation takes one. */
  body?: Json;
}

export interface FuzzRequest {
  method: Operation['method'];
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

/** Values that name something that exists in the fuzz test's fleet, so requests get past lookups. */
export interface FuzzFixtures {
  pathValues: Record<string, string>;
  tokens: { admin: string; read: string; agent: string };
  /** Sent as-is for bodies whose schema says nothing (MCP's JSON-RPC). */
  freeformBody: Json;
}

function exampleOf(schema: Schema, schemas: Record<string, Schema>, depth = 0): Json {
  const resolved = schema.$ref ? (schemas[schema.$ref.split('/').pop()!] ?? {}) : schema;
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.default !== undefined) return resolved.default;
  if (resolved.enum?.length) return resolved.enum[0]!;
  if (depth > 8) return null;
  if (resolved.properties) {
    return Object.fromEntries(
      Object.entries(resolved.properties).map(([name, property]) => [
        name,
        exampleOf(property, schemas, depth + 1),
      ]),
    );
  }
  if (resolved.type === 'array') return resolved.items ? [exampleOf(resolved.items, schemas, depth + 1)] : [];
  if (resolved.type === 'integer' || resolved.type === 'number') return 1;
  if (resolved.type === 'boolean') return true;
  return 'x';
}

export function loadOperations(freeformBody: Json): Operation[] {
  const document = JSON.parse(readFileSync(join(repoRoot, 'apps', 'api', 'openapi.json'), 'utf8')) as {
    paths: Record<string, Record<string, OpenApiOperation>>;
    components?: { schemas?: Record<string, Schema> };
  };
  const schemas = document.components?.schemas ?? {};
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const json = operation.requestBody?.content?.['application/json'];
      const example = Object.values(json?.examples ?? {})[0]?.value;
      const schema = json?.schema;
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        parameters: operation.parameters ?? [],
        ...(json === undefined
          ? {}
          : {
              body:
                example ?? (schema?.$ref || schema?.properties ? exampleOf(schema, schemas) : freeformBody),
            }),
      });
    }
  }
  return operations;
}

/**
 * A deep nest is carried as this placeholder string and spelled out after serialising: building
 * or stringifying 5,000 levels as values would overflow the test's own stack.
 */
const DEEP = '\uE000deep';
const deepMarker = (depth: number, objects: boolean) => `${DEEP}:${depth}:${objects ? 'o' : 'a'}`;

function serialise(value: Json): string {
  return JSON.stringify(value).replace(
    new RegExp(`"${DEEP}:(\\d+):([oa])"`, 'g'),
    (_match, depth: string, kind: string) => {
      const levels = Number(depth);
      return kind === 'o'
        ? `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`
        : `${'['.repeat(levels)}1${']'.repeat(levels)}`;
    },
  );
}

const control = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
const text = fc.string({ unit: 'grapheme', maxLength: 12 });
/** Text with a control character somewhere: NUL half of the time. */
const controlText = fc
  .tuple(text, fc.oneof(fc.constant('\u0000'), control), text)
  .map(([before, character, after]) => `${before}${character}${after}`);

const badValue: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: fc.constant(null), weight: 4 },
  { arbitrary: controlText, weight: 4 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(33, 200, 3_000, 5_000), fc.boolean())
      .map(([depth, objects]) => deepMarker(depth, objects)),
    weight: 2,
  },
  { arbitrary: fc.constantFrom<Json>(0, -1, 1.5, 2 ** 53, 1e308, true, false, [], {}, '', ' '), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
  {
    arbitrary: fc.constantFrom('a'.repeat(5_000), '__proto__', 'constructor', '../../etc/passwd'),
    weight: 1,
  },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>, weight: 2 },
);

/** Every place in a JSON value, as key paths (the root is `[]`). */
function placesIn(value: Json): (string | number)[][] {
  const places: (string | number)[][] = [];
  const stack: { value: Json; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const next = stack.pop()!;
    places.push(next.path);
    if (next.value !== null && typeof next.value === 'object') {
      for (const [key, child] of Object.entries(next.value))
        stack.push({ value: child, path: [...next.path, Array.isArray(next.value) ? Number(key) : key] });
    }
  }
  return places;
}

function withChange(value: Json, path: (string | number)[], change: { set: Json } | 'delete'): Json {
  const copy = structuredClone(value);
  if (path.length === 0) return change === 'delete' ? null : change.set;
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (change === 'delete') delete parent[last];
  else parent[last] = change.set;
  return copy;
}

const brokenBody = (example: Json): fc.Arbitrary<{ contentType: string; payload: string }> => {
  const places = placesIn(example);
  const asJson = (value: Json) => ({ contentType: 'application/json', payload: serialise(value) });
  return fc.oneof(
    {
      arbitrary: fc
        .tuple(fc.constantFrom(...places), badValue)
        .map(([path, value]) => asJson(withChange(example, path, { set: value }))),
      weight: 10,
    },
    {
      arbitrary: fc.constantFrom(...places).map((path) => asJson(withChange(example, path, 'delete'))),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(fc.oneof(text, controlText, fc.constantFrom('__proto__', 'constructor')), badValue)
        .map(([key, value]) =>
          example !== null && typeof example === 'object' && !Array.isArray(example)
            ? asJson({ ...example, [key]: value })
            : asJson(value),
        ),
      weight: 2,
    },
    {
      arbitrary: fc
        .constantFrom(
          '{',
          '{"a":',
          'not json',
          '',
          '\u0000',
          '{"__proto__":{"x":1}}',
          `{"a":${'['.repeat(5_000)}`,
        )
        .map((payload) => ({ contentType: 'application/json', payload })),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            'text/plain',
            'application/xml',
            'multipart/form-data',
            '}{;',
            'application/json; charset=latin1',
          ),
          text,
        )
        .map(([contentType, payload]) => ({ contentType, payload })),
      weight: 1,
    },
  );
};

const badPathValue: fc.Arbitrary<string> = fc.oneof(
  controlText.map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.constantFrom(
    '%00',
    '%zz',
    '%',
    '%E0%A4%A',
    '..',
    '%2e%2e%2f%2e%2e',
    'a'.repeat(101),
    'a'.repeat(400),
    ' ',
  ),
);

const badQueryValue: fc.Arbitrary<string> = fc.oneof(
  controlText,
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', '-1', '0', '1e309', 'NaN', 'null', 'true', '2026-13-45T99:99:99Z', 'a'.repeat(3_000)),
);

export function requestFor(operation: Operation, fixtures: FuzzFixtures): fc.Arbitrary<FuzzRequest> {
  const pathNames = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const queryNames = operation.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const pathValue = (name: string) =>
    fc.oneof(
      { arbitrary: fc.constant(fixtures.pathValues[name] ?? 'x'), weight: 1 },
      { arbitrary: badPathValue, weight: 1 },
    );
  const queryValue = fc.option(fc.oneof(badQueryValue, fc.constant('1')), { nil: undefined });
  const body =
    operation.body === undefined
      ? fc.constant(undefined)
      : fc.option(brokenBody(operation.body), { freq: 12, nil: undefined });
  return fc
    .record({
      path: fc.tuple(...pathNames.map(pathValue)),
      query: fc.tuple(...queryNames.map(() => queryValue)),
      extraQuery: fc.option(fc.constantFrom('x=1', '%00=1', 'limit=%zz', '__proto__=1', 'from=%00&from=a'), {
        freq: 8,
      }),
      body,
      token: fc.oneof(
        { arbitrary: fc.constant(null), weight: 2 },
        { arbitrary: fc.constant(fixtures.tokens.admin), weight: 5 },
        { arbitrary: fc.constantFrom(fixtures.tokens.read, fixtures.tokens.agent), weight: 2 },
        { arbitrary: fc.constantFrom('wrong', 'x'.repeat(4_000), ''), weight: 1 },
      ),
      accept: fc.constantFrom('application/json, text/event-stream', 'application/json', '*/*', 'text/html'),
    })
    .map(({ path, query, extraQuery, body, token, accept }) => {
      let index = 0;
      const filled = operation.path.replace(/\{[^}]+\}/g, () => path[index++] ?? 'x');
      const search = new URLSearchParams();
      queryNames.forEach((name, i) => {
        if (query[i] !== undefined) search.append(name, query[i]);
      });
      const parts = [search.toString(), extraQuery ?? ''].filter((part) => part !== '');
      return {
        method: operation.method,
        url: parts.length > 0 ? `${filled}?${parts.join('&')}` : filled,
        headers: {
          accept,
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': body.contentType }),
        },
        ...(body === undefined ? {} : { payload: body.payload }),
      };
    });
}
