/**
 * What `podwatch agent` last reported from inside the instance's pod: GPU processes, SSH and tmux
 * sessions, and the sources it could not read (never shown as zero).
 */
import type { AgentDisk, InstanceAgentView } from '@podwatch/shared';
import { Box, Text } from 'ink';
import { ago, DASH, percent } from '../format.js';
import { Field } from './widgets.js';

/** Processes listed before the rest are summed up as "+N more". */
const MAX_PROCESSES = 3;

function processLines(agent: InstanceAgentView): string[] {
  const gpuUnread = agent.unavailable.some((u) => u.source === 'gpu');
  if (agent.processes.length === 0) return [gpuUnread ? 'unknown: the GPU could not be read' : 'none'];
  const lines = agent.processes
    .slice(0, MAX_PROCESSES)
    .map(
      (p) =>
        `${p.name || '(unnamed)'}  pid ${p.pid} · GPU ${p.gpu}${p.usedMemoryMiB === null ? '' : ` · ${p.usedMemoryMiB} MiB`}`,
    );
  const more = agent.processes.length - MAX_PROCESSES;
  return more > 0 ? [...lines, `+${more} more`] : lines;
}

function sessionsText(agent: InstanceAgentView): string {
  const ssh = agent.sshSessions;
  const sshText =
    ssh === null
      ? 'SSH unknown'
      : ssh.length === 0
        ? 'SSH none'
        : `SSH ${ssh.length} from ${[...new Set(ssh.map((s) => s.remoteAddress))].join(', ')}`;
  const tmux = agent.tmuxSessions;
  const tmuxText =
    tmux === null
      ? 'tmux unknown'
      : tmux.length === 0
        ? 'tmux none'
        : `tmux ${tmux.length}: ${tmux.map((s) => (s.attached > 0 ? `${s.name} (attached)` : s.name)).join(', ')}`;
  return `${sshText} · ${tmuxText}`;
}

function diskText(disk: AgentDisk): string | null {
  return disk.available ? `${disk.path} ${percent(disk.usedPercent)}` : null;
}

/** How many lines the panel takes (the screen budgets its height). */
export function agentPanelLines(agent: InstanceAgentView | null | undefined): number {
  if (!agent) return 0;
  return 2 + processLines(agent).length + (agent.unavailable.length > 0 ? 1 : 0);
}

export function AgentPanel({ agent, now }: { agent: InstanceAgentView | null | undefined; now: number }) {
  if (!agent) return null;
  const facts = [
    `CPU ${percent(agent.cpuPercent)}`,
    `mem ${percent(agent.memoryPercent)}`,
    ...agent.disks.map(diskText).filter((t): t is string => t !== null),
  ].join(' · ');
  return (
    <Box flexDirection="column" paddingX={1}>
      <Field label="Pod agent">
        <Text wrap="truncate-end">
          <Text color={agent.current ? 'green' : 'yellow'}>
            {agent.current
              ? `reported ${ago(agent.reportedAt, now)}`
              : `silent since ${ago(agent.reportedAt, now)}`}
          </Text>
          <Text dimColor>{` · ${agent.hostname || DASH} · ${facts}`}</Text>
        </Text>
      </Field>
      {processLines(agent).map((line, index) => (
        <Field key={`process-${index}`} label={index === 0 ? 'GPU procs' : ''}>
          <Text wrap="truncate-end" color={agent.processes.length > 0 ? 'green' : undefined}>
            {line}
          </Text>
        </Field>
      ))}
      <Field label="Sessions">
        <Text wrap="truncate-end">{sessionsText(agent)}</Text>
      </Field>
      {agent.unavailable.length > 0 ? (
        <Field label="Unread">
          <Text wrap="truncate-end" color="yellow">
            {agent.unavailable.map((u) => `${u.source}: ${u.reason}`).join(' · ')}
          </Text>
        </Field>
      ) : null}
    </Box>
  );
}
