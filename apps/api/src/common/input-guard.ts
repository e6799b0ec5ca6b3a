/**
 * The one gate every request passes after parsing and before validation or any handler: path
 * parameters, query strings and bodies carrying control characters, and bodies nested deeper than
 * `MAX_BODY_DEPTH`, are refused with a 400 naming the field. Postgres rejects NUL in text (and a
 * deep body overflows the stack of a recursive validator), so none of that may get further.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FieldProblem, sendProblem, validationProblem } from './problem.js';

export const MAX_BODY_DEPTH = 32;
/** Enough to fix a request by; a body full of bad strings must not make a huge answer. */
const MAX_PROBLEMS = 20;

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const DELETE = 0x7f;

/**
 * A C0 control character or DEL. Path parameters and query values are never multi-line text, so
 * any counts there; free text in a body may hold tab, line feed and carriage return.
 */
function hasControl(text: string, allowWhitespace: boolean): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0x20 && code !== DELETE) continue;
    if (allowWhitespace && (code === TAB || code === LINE_FEED || code === CARRIAGE_RETURN)) continue;
    return true;
  }
  return false;
}

const CONTROL_MESSAGE = 'must not contain control characters';

function fieldName(path: string, key: string): string {
  const shown = hasControl(key, false) ? JSON.stringify(key) : key;
  return path === '' ? shown : `${path}.${shown}`;
}

/** Flat string maps (`request.params`, `request.query`): every key and value. */
function flatProblems(values: unknown): FieldProblem[] {
  if (values === null || typeof values !== 'object') return [];
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries(values)) {
    const texts = Array.isArray(value) ? value : [value];
    if (hasControl(key, false) || texts.some((text) => typeof text === 'string' && hasControl(text, false)))
      problems.push({ field: fieldName('', key), message: `${fieldName('', key)} ${CONTROL_MESSAGE}` });
  }
  return problems;
}

interface Pending {
  value: unknown;
  path: string;
  depth: number;
}

/**
 * A parsed body, walked with an explicit stack (never recursion: the point is to survive bodies
 * that would overflow one). Stops at the first level too deep, or after `MAX_PROBLEMS` bad strings.
 */
export function bodyProblems(body: unknown, maxDepth = MAX_BODY_DEPTH): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: Pending[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const { value, path, depth } = stack.pop()!;
    const field = path === '' ? 'body' : path;
    if (typeof value === 'string') {
      if (hasControl(value, true)) problems.push({ field, message: `${field} ${CONTROL_MESSAGE}` });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) {
      return [
        { field, message: `the body must not nest objects and arrays more than ${maxDepth} levels deep` },
      ];
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = fieldName(path, key);
      if (!Array.isArray(value) && hasControl(key, true))
        problems.push({ field: childPath, message: `the name of ${childPath} ${CONTROL_MESSAGE}` });
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return problems;
}

export function requestProblems(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): FieldProblem[] {
  return [
    ...flatProblems(request.params),
    ...flatProblems(request.query),
    ...bodyProblems(request.body),
  ].slice(0, MAX_PROBLEMS);
}

export function registerInputGuard(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, reply, done) => {
    const problems = requestProblems(request);
    if (problems.length === 0) {
      done();
      return;
    }
    const { problem } = validationProblem(problems);
    sendProblem(reply, { ...problem, instance: request.url.split('?')[0] });
  });
}
