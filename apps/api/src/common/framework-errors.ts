/**
 * The refusals that happen before a request reaches Nest, as problem+json too: Fastify's router
 * (a malformed percent-encoding, a path parameter over the length limit) and Node's HTTP parser
 * (headers too large, a request that is not HTTP), which answers on the bare socket.
 */
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemTitle, sendProblem, type ProblemDetails } from './problem.js';

/** Fastify's `frameworkErrors` option: FST_ERR_BAD_URL (400) and FST_ERR_MAX_PARAM_LENGTH (414). */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 400;
  const detail =
    error.code === 'FST_ERR_BAD_URL'
      ? 'The URL is not validly percent-encoded (a % must be followed by two hexadecimal digits).'
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'A path parameter of this URL is too long.'
        : error.message;
  sendProblem(reply, {
    type: 'about:blank',
    title: problemTitle(status),
    status,
    detail,
    instance: request.url.split('?')[0],
  });
}

function clientProblem(error: NodeJS.ErrnoException): ProblemDetails {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      type: 'about:blank',
      title: problemTitle(431),
      status: 431,
      detail: `The request line and headers exceed ${maxHeaderSize} bytes.`,
    };
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      type: 'about:blank',
      title: problemTitle(408),
      status: 408,
      detail: 'The request did not arrive in time.',
    };
  }
  return {
    type: 'about:blank',
    title: problemTitle(400),
    status: 400,
    detail: `The request is not valid HTTP/1.1${error.code ? ` (${error.code})` : ''}.`,
  };
}

/** Fastify's `clientErrorHandler` option (Node's `clientError` event): answer, then close. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const problem = clientProblem(error);
    const body = JSON.stringify(problem);
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}
