import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { type ContractViolation } from './types.js';

/**
 * The REST v2 OpenAPI document, compiled with Ajv (OpenAPI 3.1 schemas are JSON Schema
 * 2020-12). It validates request bodies (so that the simulator rejects what RunPod rejects, with
 * the same `errors[]`) and, in `contract: 'record'` mode, every response the simulator sends.
 * One instance per process: validators compile on first use and are shared by every simulator.
 */

const SPEC_URL = new URL('../spec/openapi-v2.json', import.meta.url);
const SPEC_ID = 'runpod-v2';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface MediaType {
  schema?: unknown;
}

interface ResponseObject {
  $ref?: string;
  description?: string;
  headers?: Record<string, { $ref?: string; schema?: unknown }>;
  content?: Record<string, MediaType>;
}

interface Operation {
  operationId?: string;
  responses?: Record<string, ResponseObject>;
}

type PathItem = Partial<Record<(typeof HTTP_METHODS)[number], Operation>> & { parameters?: unknown };

interface OpenApiDocument {
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, ResponseObject>;
    headers: Record<string, { schema?: unknown }>;
  };
}

/** The structured-field shape of the rate-limit headers, from the spec's examples. */
const RATE_LIMIT_PATTERN = /^"minute";r=\d+;t=\d+, "hour";r=\d+;t=\d+, "day";r=\d+;t=\d+$/;
const RATE_LIMIT_POLICY_PATTERN = /^"minute";q=\d+;w=60, "hour";q=\d+;w=3600, "day";q=\d+;w=86400$/;

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export interface PathMatch {
  /** The spec's path template, e.g. `/v2/pods/{id}`. */
  template: string;
  methods: string[];
}

export interface ResponseToCheck {
  method: string;
  path: string;
  /** Spec path template, or null when the request matched no spec path. */
  template: string | null;
  status: number;
  contentType: string | undefined;
  headers: Record<string, unknown>;
  body: string;
  /** An authenticated request with rate limiting on: the RateLimit headers must be there. */
  expectRateLimitHeaders: boolean;
}

export class OpenApi {
  private static instance: OpenApi | null = null;

  static shared(): OpenApi {
    OpenApi.instance ??= new OpenApi();
    return OpenApi.instance;
  }

  readonly document: OpenApiDocument;
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly pathMatchers: { template: string; regex: RegExp; methods: string[] }[];

  private constructor() {
    this.document = JSON.parse(readFileSync(SPEC_URL, 'utf8')) as OpenApiDocument;
    this.ajv = new Ajv2020({
      strict: false,
      allErrors: true,
      validateSchema: false,
      allowUnionTypes: true,
    });
    addFormatsPlugin.default(this.ajv);
    for (const numeric of ['float', 'double', 'int32', 'int64', 'currency']) {
      this.ajv.addFormat(numeric, { type: 'number', validate: () => true });
    }
    this.ajv.addSchema({ $id: SPEC_ID, paths: this.document.paths, components: this.document.components });
    this.pathMatchers = Object.entries(this.document.paths).map(([template, item]) => ({
      template,
      regex: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      methods: HTTP_METHODS.filter((method) => item[method]).map((method) => method.toUpperCase()),
    }));
  }

  private validator(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${SPEC_ID}#${pointer}` });
      this.validators.set(pointer, validate);
    }
    return validate;
  }

  /** Validates a value against `#/components/schemas/<name>`; returns the errors, RunPod style. */
  validateSchema(name: string, value: unknown): string[] {
    const validate = this.validator(`/components/schemas/${escapePointer(name)}`);
    return validate(value) ? [] : formatErrors(validate.errors ?? []);
  }

  /** The spec path a concrete path belongs to. */
  matchPath(path: string): PathMatch | null {
    for (const matcher of this.pathMatchers) {
      if (matcher.regex.test(path)) return { template: matcher.template, methods: matcher.methods };
    }
    return null;
  }

  operationId(method: string, template: string): string | null {
    const item = this.document.paths[template];
    return item?.[method.toLowerCase() as (typeof HTTP_METHODS)[number]]?.operationId ?? null;
  }

  /** Checks one response against the spec; returns what does not match. */
  checkResponse(response: ResponseToCheck): ContractViolation[] {
    const violations: ContractViolation[] = [];
    const operation = response.template
      ? this.document.paths[response.template]?.[
          response.method.toLowerCase() as (typeof HTTP_METHODS)[number]
        ]
      : undefined;
    const base = {
      method: response.method,
      path: response.path,
      operationId: operation?.operationId ?? null,
      status: response.status,
    };
    const fail = (part: ContractViolation['part'], message: string, errors: string[] = []) => {
      violations.push({ ...base, part, message, errors });
    };
    const mediaType = response.contentType?.split(';')[0]?.trim().toLowerCase();

    if (!operation || !response.template) {
      // Outside any operation (404/405 for unknown paths): the error body must still be a problem.
      if (response.status >= 400) this.checkBody('/components/schemas/ErrorResponse', response.body, fail);
      if (response.status >= 400 && mediaType !== 'application/problem+json') {
        fail('content-type', `expected application/problem+json, got ${mediaType ?? 'none'}`);
      }
      return violations;
    }

    const responses = operation.responses ?? {};
    let key = String(response.status);
    let declared = responses[key];
    if (!declared) {
      key = 'default';
      declared = responses.default;
    }
    if (!declared) {
      fail(
        'status',
        `status ${response.status} is not declared for ${base.operationId ?? response.template}`,
      );
      return violations;
    }
    let pointer = `/paths/${escapePointer(response.template)}/${response.method.toLowerCase()}/responses/${key}`;
    if (declared.$ref) {
      const name = declared.$ref.replace('#/components/responses/', '');
      pointer = `/components/responses/${escapePointer(name)}`;
      declared = this.document.components.responses[name] ?? {};
    }

    const content = declared.content;
    if (!content) {
      if (response.body.length > 0) fail('body', `status ${response.status} is declared without a body`);
    } else if (!mediaType || !content[mediaType]) {
      fail(
        'content-type',
        `expected ${Object.keys(content).join(' or ')}, got ${mediaType ?? 'no content type'}`,
      );
    } else if (content[mediaType].schema !== undefined) {
      this.checkBody(`${pointer}/content/${escapePointer(mediaType)}/schema`, response.body, fail);
    }

    for (const [name, header] of Object.entries(declared.headers ?? {})) {
      const headerName = name.toLowerCase();
      const raw = response.headers[headerName];
      const resolved = header.$ref
        ? this.document.components.headers[header.$ref.replace('#/components/headers/', '')]
        : header;
      if (raw === undefined) {
        if (
          response.expectRateLimitHeaders &&
          (headerName === 'ratelimit' || headerName === 'ratelimit-policy')
        ) {
          fail('header', `${name} is missing on an authenticated response`);
        }
        continue;
      }
      const value = Array.isArray(raw)
        ? raw.map((item) => String(item)).join(', ')
        : typeof raw === 'string' || typeof raw === 'number'
          ? String(raw)
          : JSON.stringify(raw);
      const schemaPointer = header.$ref
        ? `/components/headers/${escapePointer(header.$ref.replace('#/components/headers/', ''))}/schema`
        : `${pointer}/headers/${escapePointer(name)}/schema`;
      if (resolved?.schema !== undefined) {
        const validate = this.validator(schemaPointer);
        const typed = /^\d+$/.test(value) && isIntegerSchema(resolved.schema) ? Number(value) : value;
        if (!validate(typed))
          fail('header', `${name} does not match its schema`, formatErrors(validate.errors ?? []));
      }
      if (headerName === 'ratelimit' && !RATE_LIMIT_PATTERN.test(value)) {
        fail('header', `RateLimit is not in the documented structured-field form: ${value}`);
      }
      if (headerName === 'ratelimit-policy' && !RATE_LIMIT_POLICY_PATTERN.test(value)) {
        fail('header', `RateLimit-Policy is not in the documented structured-field form: ${value}`);
      }
    }
    return violations;
  }

  private checkBody(
    pointer: string,
    body: string,
    fail: (part: ContractViolation['part'], message: string, errors?: string[]) => void,
  ): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      fail('body', 'the body is not valid JSON');
      return;
    }
    const validate = this.validator(pointer);
    if (!validate(parsed))
      fail('body', 'the body does not match its schema', formatErrors(validate.errors ?? []));
  }
}

function isIntegerSchema(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'integer';
}

/** Ajv errors in the style of RunPod's `errors[]`: `$.gpu.count: must be >= 1`. */
export function formatErrors(errors: readonly ErrorObject[]): string[] {
  const out: string[] = [];
  for (const error of errors) {
    // `if`/`then` and `oneOf` wrappers repeat what their inner errors already say.
    if (error.keyword === 'if' || error.keyword === 'oneOf' || error.keyword === 'anyOf') continue;
    const path =
      '$' +
      error.instancePath
        .split('/')
        .slice(1)
        .map((segment) => {
          const unescaped = segment.replace(/~1/g, '/').replace(/~0/g, '~');
          return /^\d+$/.test(unescaped) ? `[${unescaped}]` : `.${unescaped}`;
        })
        .join('');
    const params = error.params as Record<string, unknown>;
    let message: string;
    switch (error.keyword) {
      case 'unevaluatedProperties':
        message = `additional properties '${String(params.unevaluatedProperty)}' not allowed`;
        break;
      case 'additionalProperties':
        message = `additional properties '${String(params.additionalProperty)}' not allowed`;
        break;
      case 'required':
        message = `missing property '${String(params.missingProperty)}'`;
        break;
      case 'enum':
        message = `value must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      default:
        message = error.message ?? error.keyword;
    }
    const line = `${path}: ${message}`;
    if (!out.includes(line)) out.push(line);
  }
  return out;
}
