import { Command, InvalidArgumentError, Option } from 'commander';
import { type ApiClient, EXIT, resolveApiOptions } from './api-client.js';
import { registerFleetCommands } from './commands/fleet.js';
import { registerLifecycleCommands } from './commands/lifecycle.js';
import { printJson } from './commands/output.js';
import { registerPruneCommand } from './commands/prune.js';
import { registerScenarioCommand } from './commands/scenario.js';
import { registerSimCommand } from './commands/sim.js';
import { configureColors } from './terminal.js';

interface Health {
  status: string;
  error?: Record<string, { message?: string }>;
  demo?: boolean;
}

const EXIT_CODES_HELP = `
Exit codes:
  ${EXIT.ok}  ok
  ${EXIT.failure}  failure (a failed check, a 5xx from the API, a failed collection)
  ${EXIT.usage}  usage (bad arguments, a bad duration, a refused --yes-less action without a terminal)
  ${EXIT.apiUnreachable}  the API is unreachable (PODWATCH_URL)
  ${EXIT.unauthorized}  bad or missing token (PODWATCH_TOKEN)
  ${EXIT.notFound}  unknown instance or pod
  ${EXIT.confirmationFailed}  prune could not confirm that a pod stopped
  ${EXIT.conflict}  RunPod or the API refused now (409: not allowed in this state, a prune already running)
  ${EXIT.aborted}  you answered no to a confirmation

Environment:
  PODWATCH_URL    the API (default http://127.0.0.1:8080)
  PODWATCH_TOKEN  admin token for actions (default: .podwatch/admin-token of this repository)
  NO_COLOR        no colours (also --no-color); colours only on a terminal anyway`;

function positiveSeconds(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 1 || value > 3600) {
    throw new InvalidArgumentError('must be a number of seconds from 1 to 3600.');
  }
  return value;
}

export function buildProgram(client: () => ApiClient): Command {
  const program = new Command()
    .name('podwatch')
    .description(
      'Podwatch: watch, cost and safely auto-stop RunPod GPU pods (talks to the Podwatch API at PODWATCH_URL)',
    )
    .version('0.1.0')
    .option('--url <url>', 'the Podwatch API (overrides PODWATCH_URL)')
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .showHelpAfterError('(add --help for usage and examples)')
    .exitOverride()
    .addHelpText('after', EXIT_CODES_HELP)
    .hook('preAction', (thisCommand) => {
      const options = thisCommand.opts<{ url?: string; color: boolean }>();
      if (options.url) process.env.PODWATCH_URL = options.url;
      configureColors({ isTTY: process.stdout.isTTY, env: process.env, noColorFlag: !options.color });
    });

  program
    .command('dashboard')
    .argument('[instance]', "one instance's detail (default: the fleet table)")
    .description('live terminal dashboard: countdowns ticking every second, telemetry, cost, actions')
    .addOption(
      new Option('--refresh <seconds>', 'seconds between refreshes from the API')
        .default(5)
        .argParser(positiveSeconds),
    )
    .option('--read-only', 'disable stop, terminate and extend')
    .addHelpText(
      'after',
      `
Keys: ↑/↓ (k/j) select · Enter detail · Esc back · s stop · t terminate · x extend · / filter ·
      r refresh · ? help · q quit. Actions ask first and need the admin token.
When stdout is not a terminal it prints one plain frame and exits.

Examples:
  $ podwatch dashboard
  $ podwatch dashboard trainer --refresh 2
  $ podwatch dashboard --read-only
  $ podwatch dashboard trainer > frame.txt`,
    )
    .action(async (instance: string | undefined, options: { refresh: number; readOnly?: boolean }) => {
      // Ink and React take a second to load: only the dashboard pays for them.
      const { runDashboard } = await import('./dashboard/run.js');
      await runDashboard(client(), {
        ...(instance ? { instance } : {}),
        refreshSeconds: options.refresh,
        readOnly: options.readOnly ?? false,
      });
    });

  registerFleetCommands(program, client);
  registerPruneCommand(program, client);
  registerLifecycleCommands(program, client);
  registerSimCommand(program);
  registerScenarioCommand(program);

  program
    .command('mcp')
    .description(
      'an MCP server on stdio for AI agents, bridging to the API /mcp (tools: get_runpod_status, control_pod, list_instances, extend_instance, prune_preview)',
    )
    .addHelpText(
      'after',
      `
Example (an MCP client's server entry):
  { "command": "npx", "args": ["podwatch", "mcp"], "env": { "PODWATCH_URL": "http://127.0.0.1:8080", "PODWATCH_TOKEN": "<admin token>" } }`,
    )
    .action(async () => {
      // Loaded only here: the MCP SDK is not needed by any other command.
      const { runMcpBridge } = await import('./mcp-bridge.js');
      await runMcpBridge(resolveApiOptions());
    });

  program
    .command('agent')
    .description(
      'run inside a RunPod pod: every --interval, report GPUs (nvidia-smi), CPU, memory, disks, network, SSH and tmux sessions to the API',
    )
    .option('--token <token>', 'agent or admin token (default: PODWATCH_AGENT_TOKEN, else PODWATCH_TOKEN)')
    .option('--pod-id <id>', 'this pod (default: RUNPOD_POD_ID, which RunPod sets in every pod)')
    .option('--interval <time>', 'between reports: seconds, 15s or 2m (default: 15s)')
    .option('--buffer-size <n>', 'reports kept while the API is unreachable (default: 240, about 1 h)')
    .option('--once', 'one report and one delivery attempt, then exit')
    .option(
      '--print',
      'print each report as JSON on stdout (before sending it; only print without --url/PODWATCH_URL)',
    )
    .addHelpText(
      'after',
      `
The API is --url (or PODWATCH_URL). NVIDIA_SMI names the nvidia-smi executable (default: nvidia-smi
on the PATH). Reports wait in a bounded buffer while the API is unreachable and are sent oldest
first when it answers again; SIGTERM or Ctrl-C stops the agent cleanly. Exit codes with --once:
0 delivered, 1 refused as invalid, 3 API unreachable or failing, 4 bad token.

Examples:
  $ podwatch agent --url https://podwatch.example.com --token "$PODWATCH_AGENT_TOKEN"
  $ podwatch agent --once --print          # read this pod once and print the report`,
    )
    .action(
      async (options: {
        token?: string;
        podId?: string;
        interval?: string;
        bufferSize?: string;
        once?: boolean;
        print?: boolean;
      }) => {
        // Loaded only here: nothing else needs the agent.
        const { runAgentCli } = await import('@podwatch/agent');
        // Like every command the agent talks to PODWATCH_URL (default 127.0.0.1:8080); with --print
        // and no URL given it only prints.
        const printOnly = options.print === true && !process.env.PODWATCH_URL;
        const api = resolveApiOptions();
        const token = options.token ?? process.env.PODWATCH_AGENT_TOKEN ?? api.token;
        process.exitCode = await runAgentCli({
          ...(printOnly ? {} : { url: api.baseUrl }),
          ...(token ? { token } : {}),
          ...(options.podId !== undefined ? { podId: options.podId } : {}),
          ...(options.interval !== undefined ? { interval: options.interval } : {}),
          ...(options.bufferSize !== undefined ? { bufferSize: options.bufferSize } : {}),
          once: options.once ?? false,
          print: options.print ?? false,
        });
      },
    );

  program
    .command('health')
    .description("the API's readiness checks; exits 1 when one fails")
    .option('--json', 'print GET /health as JSON')
    .action(async (options: { json?: boolean }) => {
      const health = await client().get<Health>('/health');
      if (options.json) printJson(health);
      else {
        const failing = Object.entries(health.error ?? {});
        console.log(`${health.status}${health.demo ? ' (demo mode)' : ''}`);
        for (const [name, check] of failing) console.log(`  ${name}: ${check.message ?? 'down'}`);
      }
      if (health.status !== 'ok') process.exitCode = EXIT.failure;
    });

  return program;
}
