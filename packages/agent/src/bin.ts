#!/usr/bin/env node
/** `podwatch-agent`: the agent on its own, for pods that have Node and nothing else. */
import { parseArgs } from 'node:util';
import { EXIT, runAgentCli } from './cli.js';
import { errorMessage } from './errors.js';
import { AGENT_VERSION } from './version.js';

const HELP = `Usage: podwatch-agent [options]

Runs inside a RunPod pod: every --interval reads nvidia-smi, /proc (CPU, memory, network,
SSH sessions), disk use of / and /workspace and tmux sessions, and posts the report to the
Podwatch API (POST /api/v1/agents/report). Reports wait in a bounded buffer while the API
cannot be reached. Stops cleanly on SIGTERM or Ctrl-C.

Options:
  --url <url>          the Podwatch API (default: PODWATCH_URL)
  --token <token>      agent or admin token (default: PODWATCH_AGENT_TOKEN, else PODWATCH_TOKEN)
  --pod-id <id>        this pod (default: RUNPOD_POD_ID, which RunPod sets in every pod)
  --interval <time>    between reports: seconds, 15s or 2m (default 15s)
  --buffer-size <n>    reports kept while the API is unreachable (default 240, about 1 h)
  --once               one report and one delivery attempt, then exit
  --print              print each report as JSON on stdout (before sending it, if there is a URL)
  -h, --help           this help
  -v, --version        the agent's version

Environment: NVIDIA_SMI (the nvidia-smi executable; default nvidia-smi on the PATH).

Exit codes: 0 ok, 1 report refused as invalid, 2 usage, 3 API unreachable or failing, 4 bad token.

Examples:
  podwatch-agent --url https://podwatch.example.com --token "$PODWATCH_AGENT_TOKEN"
  podwatch-agent --once --print                # read this pod once and print the report
`;

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      'pod-id': { type: 'string' },
      interval: { type: 'string' },
      'buffer-size': { type: 'string' },
      once: { type: 'boolean' },
      print: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: true,
    allowPositionals: false,
  });
}

try {
  parsed = parse();
} catch (error) {
  process.stderr.write(`podwatch-agent: ${errorMessage(error)}\n\n${HELP}`);
  process.exit(EXIT.usage);
}

const { values } = parsed;
if (values.help) {
  process.stdout.write(HELP);
} else if (values.version) {
  process.stdout.write(`${AGENT_VERSION}\n`);
} else {
  process.exitCode = await runAgentCli({
    ...(values.url !== undefined ? { url: values.url } : {}),
    ...(values.token !== undefined ? { token: values.token } : {}),
    ...(values['pod-id'] !== undefined ? { podId: values['pod-id'] } : {}),
    ...(values.interval !== undefined ? { interval: values.interval } : {}),
    ...(values['buffer-size'] !== undefined ? { bufferSize: values['buffer-size'] } : {}),
    once: values.once ?? false,
    print: values.print ?? false,
  });
}
