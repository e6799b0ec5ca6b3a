import { Controller, Delete, Get, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminOnly } from '../auth/public.decorator.js';
import { McpToolsService } from './mcp-tools.service.js';
import { errorMessage } from '../common/errors.js';

const NOT_ALLOWED = {
  jsonrpc: '2.0',
  error: {
    code: -32000,
    message: 'Method not allowed: this MCP server is stateless; send each message as a POST.',
  },
  id: null,
};

/**
 * MCP over streamable HTTP, stateless: every POST gets a fresh server and transport, so any
 * replica can answer any message (no session to keep). Admin token only, even for reads.
 */
@ApiTags('mcp')
@ApiBearerAuth()
@AdminOnly()
@Controller('mcp')
export class McpController {
  private readonly logger = new Logger(McpController.name);

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
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    reply.hijack();
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(request.raw, reply.raw, request.body);
    } catch (error) {
      // The reply is hijacked: Nest's error filter can no longer answer, so answer here.
      this.logger.error(`MCP request failed: ${errorMessage(error)}`);
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' });
        reply.raw.end(
          JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null }),
        );
      }
    }
  }

  @Get()
  @ApiOperation({ summary: 'Not offered: the server is stateless and has no stream to resume (405)' })
  notAllowed(@Res() reply: FastifyReply): void {
    void reply.status(405).header('allow', 'POST').send(NOT_ALLOWED);
  }

  @Delete()
  @ApiOperation({ summary: 'Not offered: there is no session to end (405)' })
  noSession(@Res() reply: FastifyReply): void {
    void reply.status(405).header('allow', 'POST').send(NOT_ALLOWED);
  }
}
