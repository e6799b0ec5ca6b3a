import { Controller, Delete, Get, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminOnly } from '../auth/public.decorator.js';
import { ProblemException, problemTitle } from '../common/problem.js';
import { McpToolsService } from './mcp-tools.service.js';

/** The JSON-RPC error body the MCP transport refuses a request with (406, 415, 400). */
interface JsonRpcErrorBody {
  error?: { message?: unknown };
}

function notAllowed(): ProblemException {
  return new ProblemException({
    type: 'about:blank',
    title: problemTitle(405),
    status: 405,
    detail: 'This MCP server is stateless: send each message as a POST.',
  });
}

/** The request as the web-standard transport takes it; Fastify has already parsed the body. */
function webRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    for (const item of Array.isArray(value) ? value : [value])
      if (item !== undefined) headers.append(name, item);
  }
  return new Request(`http://${request.host}${request.url}`, { method: request.method, headers });
}

/**
 * MCP over streamable HTTP, stateless: every POST gets a fresh server and transport, so any
 * replica can answer any message (no session to keep). Admin token only, even for reads.
 */
@ApiTags('mcp')
@ApiBearerAuth()
@AdminOnly()
@Controller('mcp')
export class McpController {
  constructor(private readonly tools: McpToolsService) {}

  @Post()
  @ApiOperation({
    summary:
      'Model Context Protocol (streamable HTTP): get_runpod_status, control_pod, list_instances, extend_instance, prune_preview',
    description:
      'JSON-RPC 2.0 messages as MCP clients send them (Accept: application/json, text/event-stream); answers ' +
      'are JSON. Needs the admin token. `podwatch mcp` offers the same tools over stdio.',
  })
  @ApiBody({ schema: { type: 'object', description: 'A JSON-RPC 2.0 request or notification' } })
  @ApiOkResponse({ description: 'The JSON-RPC response' })
  async post(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const server = this.tools.createServer();
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    try {
      await server.connect(transport);
      const response = await transport.handleRequest(webRequest(request), { parsedBody: request.body });
      const text = await response.text();
      if (response.status >= 400) {
        // The transport's own refusals (Accept, Content-Type, not JSON-RPC) leave as problem+json,
        // like every other error of the API; JSON-RPC errors of a call are answers (200).
        const message = (JSON.parse(text) as JsonRpcErrorBody).error?.message;
        throw new ProblemException({
          type: 'about:blank',
          title: problemTitle(response.status),
          status: response.status,
          detail: typeof message === 'string' ? message : response.statusText,
        });
      }
      response.headers.forEach((value, name) => void reply.header(name, value));
      void reply.status(response.status).send(text === '' ? undefined : text);
    } finally {
      await transport.close();
      await server.close();
    }
  }

  @Get()
  @ApiOperation({ summary: 'Not offered: the server is stateless and has no stream to resume (405)' })
  notAllowed(@Res() reply: FastifyReply): void {
    void reply.header('allow', 'POST');
    throw notAllowed();
  }

  @Delete()
  @ApiOperation({ summary: 'Not offered: there is no session to end (405)' })
  noSession(@Res() reply: FastifyReply): void {
    void reply.header('allow', 'POST');
    throw notAllowed();
  }
}
