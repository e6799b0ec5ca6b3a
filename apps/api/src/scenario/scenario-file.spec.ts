import { describe, expect, it } from '@jest/globals';
import { expandNames, parseScenario, podwatchConfig, ScenarioFileError } from './scenario-file.js';

const valid = `
duration: 1d6h
step: 60s
seed: 42
pods:
  - name: trainer
    gpuType: NVIDIA H100 80GB HBM3
    profile: training
    timeline:
      - { at: 2h, profile: idle }
      - { at: 0, stuck: true }
  - { name: idle, count: 3, profile: idle, instance: { inactivity: 20m } }
  - { name: loose, profile: idle, instance: false }
endpoints:
  - { name: embeddings, workers: { min: 1 }, instance: { onIdle: scaleToZero } }
faults:
  - { at: 1d, for: 10m, fault: { route: GET /v2/pods, kind: status, status: 503 } }
podwatch:
  defaults: { inactivity: 30m }
  prune: { confirmTimeout: 2s }
  instances:
    trainer: { podId: trainer }
`;

function problems(text: string): string {
  try {
    parseScenario(text, 'bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioFileError);
    return (error as Error).message;
  }
  throw new Error('expected a ScenarioFileError');
}

describe('scenario files', () => {
  it('parses durations, expands counts and makes instances of pods and endpoints', () => {
    const scenario = parseScenario(valid, 'ok.yaml');
    expect(scenario).toMatchObject({ durationSeconds: 108_000, stepSeconds: 60, seed: 42, rateLimit: false });
    expect(scenario.start.toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(scenario.pods.map((p) => p.name)).toEqual(['trainer', 'idle-1', 'idle-2', 'idle-3', 'loose']);
    expect(scenario.pods[0]?.spec.timeline).toEqual([
      { at: 7200, profile: 'idle' },
      { at: 0, stuck: true },
    ]);
    expect(scenario.faults).toEqual([
      { atSeconds: 86_400, forSeconds: 600, fault: { route: 'GET /v2/pods', kind: 'status', status: 503 } },
    ]);
    const config = podwatchConfig(scenario, new Map([['trainer', 'h7x2k9q4m3p8za']]));
    expect(config.prune.confirmTimeout).toBe(2);
    expect(
      config.instances.map((i) => [i.name, i.type, i.podId ?? i.endpointId, i.inactivitySeconds, i.onIdle]),
    ).toEqual([
      ['idle-1', 'pod', 'idle-1', 1200, 'stop'],
      ['idle-2', 'pod', 'idle-2', 1200, 'stop'],
      ['idle-3', 'pod', 'idle-3', 1200, 'stop'],
      ['embeddings', 'serverless', 'embeddings', 1800, 'scaleToZero'],
      ['trainer', 'pod', 'h7x2k9q4m3p8za', 1800, 'stop'],
    ]);
  });

  it('names zero-padded pods for larger counts', () => {
    expect(expandNames('a', undefined)).toEqual(['a']);
    expect(expandNames('a', 10).slice(0, 2)).toEqual(['a-01', 'a-02']);
  });

  it('names the line and the path of what is wrong', () => {
    const message = problems(`duration: 1d
step: 60s
pods:
  - name: a
    timeline:
      - { at: 2h, profile: idle, stuck: true }
      - { at: soon, profile: idle }
  - { name: b, profile: busy }
`);
    expect(message).toContain('bad.yaml is not a valid scenario');
    expect(message).toMatch(
      /line 6: pods\.0\.timeline\.0 needs exactly one of profile, stuck, status or billingLag/,
    );
    expect(message).toMatch(/line 7: pods\.0\.timeline\.1\.at must be a duration .*"soon"/);
    expect(message).toMatch(/line 8: pods\.1\.profile /);
  });

  it('refuses unknown keys, duplicate names, a step longer than the run and a bad podwatch section', () => {
    expect(problems('duration: 1h\nstep: 2h\n')).toMatch(/step is longer than duration/);
    expect(problems('duration: 1h\nstep: 1m\nspeed: 3\n')).toMatch(/Unrecognized key.*speed/);
    expect(problems('duration: 1h\nstep: 1m\npods: [{ name: a, count: 2 }, { name: a-1 }]\n')).toMatch(
      /pods\.1\.name names pod a-1 twice/,
    );
    expect(problems('duration: 1h\nstep: 1m\npodwatch: { prune: { confirmTimeout: never } }\n')).toMatch(
      /podwatch\.prune\.confirmTimeout must be a duration/,
    );
    expect(problems('duration: 1h\nstep: 1m\nfaults: [{ at: 1m, fault: { route: x } }]\n')).toMatch(
      /faults\.0\.fault needs a kind/,
    );
  });
});
