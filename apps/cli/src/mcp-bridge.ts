/**
 * `podwatch mcp`: an MCP server on stdio for hosts that launch their tools as processes (Claude
 * Desktop, editors). It defines no tool of its own: it lists and calls the tools of the Podwatch
 * API's `/mcp` endpoint (streamable HTTP, admin token) through the SDK's client, so the tools
 * exist once, in the API. Logs go to stderr; stdout carries only the protocol.
 */
import type { Readable, Writable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  type CallToolResult,
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';

export interface McpBridgeOptions {
  /** The Podwatch API, e.g. `http://127.0.0.1:8080` (PODWATCH_URL). */
  baseUrl: string;
  /** The admin token (PODWATCH_TOKEN, or the local `.podwatch/admin-token`). */
  token?: string;
  /** Where the MCP host talks to us; the process's stdin/stdout by default. */
  stdin?: Readable;
  stdout?: Writable;
}

const VERSION = '1.0.0';

/** Why the API could not be used, in words a user can act on (never the token). */
function reason(error: unknown): string {
  const status = (error as { code?: unknown } | null)?.code;
  if (status === 401) return 'the API refused the token (401): set PODWATCH_TOKEN to the admin token';
  if (status === 403) return 'the token is not the admin token (403): /mcp needs the admin token';
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return `the API is unreachable (${cause.code})`;
  return error instanceof Error ? error.message : String(error);
}

/** One client session with the API's `/mcp`, opened on first use and again after a failure. */
class Upstream {
  private session: Promise<Client> | null = null;

  constructor(private readonly options: McpBridgeOptions) {}

  get url(): string {
    return `${this.options.baseUrl.replace(/\/+$/, '')}/mcp`;
  }

  client(): Promise<Client> {
    this.session ??= this.connect().catch((error: unknown) => {
      this.session = null;
      throw error;
    });
    return this.session;
  }

  async reset(): Promise<void> {
    const session = this.session;
    this.session = null;
    await session?.then((client) => client.close()).catch(() => undefined);
  }

  private async connect(): Promise<Client> {
    const client = new Client({ name: 'podwatch-mcp-bridge', version: VERSION });
    const transport = new StreamableHTTPClientTransport(new URL(this.url), {
      requestInit: {
        headers: {
          'x-podwatch-client': 'mcp',
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
      },
    });
    await client.connect(transport);
    return client;
  }
}

/**
 * Serves MCP on stdio, forwarding tools/list and tools/call to the API. Resolves when the host
 * closes stdin. A call that cannot reach the API becomes a tool error saying why, so the host
 * keeps the server and the model can tell the user.
 */
export async function runMcpBridge(options: McpBridgeOptions): Promise<void> {
  const upstream = new Upstream(options);
  const server = new Server(
    { name: 'podwatch', version: VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        'Podwatch watches a RunPod GPU fleet: costs, idle countdowns and safe auto-stop. control_pod only previews ' +
        'unless called with confirm: true; show the preview to the user before confirming.',
    },
  );

  server.setRequestHandler(ListToolsRequestSchema, async (request) => {
    try {
      return await (await upstream.client()).listTools(request.params);
    } catch (error) {
      await upstream.reset();
      throw new McpError(ErrorCode.InternalError, `Podwatch API at ${upstream.url}: ${reason(error)}`);
    }
  });

  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    try {
      return (await (await upstream.client()).callTool(request.params)) as CallToolResult;
    } catch (error) {
      await upstream.reset();
      return {
        content: [{ type: 'text', text: `Podwatch API at ${upstream.url}: ${reason(error)}` }],
        isError: true,
      };
    }
  });

  const stdin = options.stdin ?? process.stdin;
  const transport = new StdioServerTransport(stdin, options.stdout ?? process.stdout);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    stdin.once('end', () => void server.close());
  });
  await server.connect(transport);
  await closed;
  await upstream.reset();
}
