/** `start`, `stop`, `terminate` and `extend`: act on one instance, saying exactly what happens. */
import type { Command } from 'commander';
import chalk from 'chalk';
import {
  formatCountdown,
  formatDuration,
  type InstanceSnapshot,
  parseDuration,
  timeUntilKill,
} from '@podwatch/shared';
import { isPodGone, planInstanceAction, type LifecycleAction } from '../action-text.js';
import { type ApiClient, apiPath, CliError, EXIT } from '../api-client.js';
import { clock, perHour } from '../format.js';
import { confirmOrAbort, withProgress } from '../prompt.js';
import { printJson } from './output.js';

const DONE: Record<LifecycleAction, string> = { start: 'Started', stop: 'Stopped', terminate: 'Terminated' };
const DOING: Record<LifecycleAction, string> = {
  start: 'Starting',
  stop: 'Stopping',
  terminate: 'Terminating',
};

function afterText(action: LifecycleAction, s: InstanceSnapshot): string {
  const pod = s.pod;
  if (!pod) return `${DONE[action]} ${s.instance}.`;
  const state = `pod ${pod.id} is ${pod.status}${pod.gone ? ' (gone)' : ''}, ${perHour(pod.costPerHr)}`;
  if (action === 'start') {
    return `${chalk.green('✔')} ${DONE[action]} ${s.instance}: ${state}; prune in ${formatCountdown(timeUntilKill(s.killAt, Date.now()))}.`;
  }
  const settled = action === 'stop' ? pod.status === 'EXITED' : isPodGone(pod);
  return settled
    ? `${chalk.green('✔')} ${DONE[action]} ${s.instance}: ${state}.`
    : `${chalk.yellow('…')} ${action} sent for ${s.instance}: ${state} for now; \`podwatch dashboard ${s.instance}\` shows when RunPod has finished.`;
}

function lifecycleCommand(
  program: Command,
  client: () => ApiClient,
  action: LifecycleAction,
  description: string,
  example: string,
) {
  program
    .command(action)
    .argument('<instance>', 'instance name (podwatch status lists them)')
    .description(description)
    .option('-y, --yes', 'do it without asking (required when stdin is not a terminal)')
    .option('--json', 'print the instance afterwards as JSON')
    .addHelpText('after', `\nNeeds the admin token (PODWATCH_TOKEN).\n\nExamples:\n${example}`)
    .action(async (instance: string, options: { yes?: boolean; json?: boolean }) => {
      const api = client();
      const before = await api.get<InstanceSnapshot>(apiPath`/instances/${instance}`);
      const plan = planInstanceAction(before, action);
      if (plan.kind === 'noop') {
        if (!plan.satisfied) throw new CliError(plan.message, EXIT.conflict);
        if (options.json) printJson(before);
        else console.error(plan.message);
        return;
      }
      if (plan.kind === 'confirm') await confirmOrAbort(plan.question, { yes: options.yes ?? false });
      else if (!options.json) console.error(plan.note);
      const after = await withProgress(`${DOING[action]} ${instance}…`, () =>
        api.post<InstanceSnapshot>(apiPath`/instances/${instance}/${action}`, {}, { timeoutMs: 120_000 }),
      );
      if (options.json) printJson(after);
      else console.log(afterText(action, after));
    });
}

export function registerLifecycleCommands(program: Command, client: () => ApiClient): void {
  lifecycleCommand(
    program,
    client,
    'start',
    "make sure the instance's pod runs: resume it if stopped, create it from the create spec if missing",
    '  $ podwatch start notebook\n  $ podwatch start batch-ocr --yes',
  );
  lifecycleCommand(
    program,
    client,
    'stop',
    "stop the instance's pod now, whatever its countdown (the volume is kept)",
    '  $ podwatch stop notebook\n  $ podwatch stop notebook --yes --json',
  );
  lifecycleCommand(
    program,
    client,
    'terminate',
    "terminate the instance's pod now: the pod and its volume are deleted",
    '  $ podwatch terminate scratch --yes',
  );

  program
    .command('extend')
    .argument('<instance>', 'instance name')
    .argument('<duration>', 'how much later, e.g. 90s, 30m, 2h, 1h30m')
    .description('push the moment the instance is pruned later by a duration (audited)')
    .option('--json', 'print the instance afterwards as JSON')
    .addHelpText(
      'after',
      '\nThe new prune time is max(prune time, now) + duration.\nNeeds the admin token (PODWATCH_TOKEN).\n\nExamples:\n  $ podwatch extend notebook 30m\n  $ podwatch extend trainer 2h --json | jq .killAt',
    )
    .action(async (instance: string, duration: string, options: { json?: boolean }) => {
      const seconds = parseDuration(duration);
      if (seconds === null) {
        throw new CliError(`"${duration}" is not a duration: use e.g. 90s, 30m, 2h or 1h30m.`, EXIT.usage);
      }
      const after = await client().post<InstanceSnapshot>(apiPath`/instances/${instance}/extend`, {
        duration,
      });
      if (options.json) return printJson(after);
      console.log(
        `${chalk.green('✔')} Extended ${instance} by ${formatDuration(seconds)}: prunes at ${clock(after.killAt)} (in ${formatCountdown(timeUntilKill(after.killAt, Date.now()))}).`,
      );
    });
}
