/**
 * Temperature and power when RunPod's GraphQL did not give them this cycle (it failed, is retired
 * or is off): the pod agent's latest report where one is recent, else "not available" (null,
 * never 0). Either way the view says where the figures come from and why RunPod's are missing.
 */
import type { BuiltSample } from './sample.js';
import type { AgentThermals } from './telemetry.repository.js';

export function applyThermals(
  built: Map<string, BuiltSample>,
  graphqlUnavailable: string | null,
  agent: readonly AgentThermals[],
): void {
  const byPod = new Map(agent.map((row) => [row.podId, row]));
  for (const [podId, { view }] of built) {
    if (graphqlUnavailable === null) {
      const measured = view.temperatureC !== null || view.powerWatts !== null;
      view.thermalSource = measured ? 'runpod' : null;
      view.thermalStale = null;
      continue;
    }
    const report = byPod.get(podId);
    view.temperatureC = report?.temperatureC ?? null;
    view.powerWatts = report?.powerWatts ?? null;
    view.thermalSource =
      report && (report.temperatureC !== null || report.powerWatts !== null) ? 'agent' : null;
    view.thermalStale = graphqlUnavailable;
    const agentGpus = report?.gpus ?? [];
    view.gpus = view.gpus.map((gpu) => {
      const fromAgent = agentGpus.find((g) => g.index === gpu.index);
      return {
        ...gpu,
        temperatureC: fromAgent?.temperatureC ?? null,
        powerWatts: fromAgent?.powerWatts ?? null,
      };
    });
  }
}
