import { describe, expect, it } from '@jest/globals';
import { parsePodwatchConfig, PodwatchConfigError } from './podwatch-config.js';

function problemsOf(text: string) {
  try {
    parsePodwatchConfig(text, 'podwatch.yaml');
  } catch (error) {
    if (error instanceof PodwatchConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe(parsePodwatchConfig.name, () => {
  it('resolves instances with defaults, durations in s/m/h and per-instance overrides', () => {
    const sut = parsePodwatchConfig(
      `
defaults:
  inactivity: 10m
  activity: { gpuUtilPercent: 15 }
instances:
  trainer:
    podId: abc123
    inactivity: 2h
    activity: { gpuUtilPercent: 20, sshSession: false }
  notebook:
    podId: def456
    inactivity: 90s
    onIdle: terminate
    protect: true
  embeddings:
    type: serverless
    endpointId: ep1
    onIdle: scaleToZero
`,
      'podwatch.yaml',
    );
    expect(sut.instances).toEqual([
      expect.objectContaining({
        name: 'trainer',
        type: 'pod',
        podId: 'abc123',
        inactivitySeconds: 7200,
        onIdle: 'stop',
        gpuUtilThreshold: 20,
        activitySignals: { gpuProcess: true, sshSession: false },
      }),
      expect.objectContaining({
        name: 'notebook',
        inactivitySeconds: 90,
        onIdle: 'terminate',
        protect: true,
        gpuUtilThreshold: 15,
      }),
      expect.objectContaining({
        name: 'embeddings',
        type: 'serverless',
        endpointId: 'ep1',
        onIdle: 'scaleToZero',
        inactivitySeconds: 600,
      }),
    ]);
    expect(sut.prune.confirmTimeout).toBe(300);
    expect(sut.alerts).toEqual({
      burnRatePerHour: 5,
      dailySpend: { warn: 50, critical: 100 },
      balance: { warn: 25, critical: 10 },
      idlePod: 3600,
    });
  });

  it('names the line, the path and what is wrong', () => {
    const problems = problemsOf(`instances:
  trainer:
    podId: abc
    inactivity: soon
`);
    expect(problems).toEqual([
      {
        path: 'instances.trainer.inactivity',
        line: 4,
        message: 'must be a duration such as 90s, 10m or 2h (got "soon")',
      },
    ]);
  });

  it.each([
    [
      'instances:\n  x:\n    type: serverless\n',
      'instances.x.endpointId',
      'is required for a serverless instance',
    ],
    [
      'instances:\n  x:\n    podId: a\n    onIdle: scaleToZero\n',
      'instances.x.onIdle',
      'must be stop or terminate for a pod instance',
    ],
    ['instances:\n  x:\n    podId: a\n    colour: red\n', 'instances.x', 'colour'],
    ['instances:\n  Bad_Name:\n    podId: a\n', 'instances.Bad_Name', 'lowercase'],
    [
      'instances:\n  x:\n    create: { gpuType: A40 }\n',
      'instances.x.create',
      'needs an image or a templateId',
    ],
    ['webhooks:\n  - name: slack\n    url: ftp://example.com\n', 'webhooks.0.url', ''],
    [
      'webhooks:\n  - name: slack\n    url: https://hooks.example.com/x\n    events: [burn-rates]\n',
      'webhooks.0.events.0',
      'alert.fired',
    ],
    ['account:\n  balance: 500\n  balanceAt: yesterday\n', 'account.balanceAt', 'ISO 8601'],
  ])('rejects %j at %s', (text, path, message) => {
    const problems = problemsOf(text);
    expect(problems.map((p) => p.path)).toContain(path);
    expect(problems.find((p) => p.path === path)?.message).toContain(message);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('instances:\n  x: [unclosed\n');
    expect(problems[0]?.line).toBeGreaterThan(0);
  });

  it('reads a known account balance for the estimate once GraphQL is gone', () => {
    const sut = parsePodwatchConfig(
      'account:\n  balance: 500\n  balanceAt: 2026-12-03T10:00:00Z\n',
      'p.yaml',
    );
    expect(sut.account).toEqual({ balance: 500, balanceAt: new Date('2026-12-03T10:00:00Z') });
    expect(parsePodwatchConfig('', 'p.yaml').account).toBeNull();
  });

  it('accepts an empty file', () => {
    expect(parsePodwatchConfig('', 'podwatch.yaml').instances).toEqual([]);
  });
});

describe('the README example', () => {
  it('is a valid podwatch.yaml', async () => {
    const { readFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const { repoRoot } = await import('../paths.js');
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
    const example = /### `podwatch\.yaml`[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const sut = parsePodwatchConfig(example!, 'README.md');
    expect(sut.instances.map((i) => i.name)).toEqual(['trainer', 'notebook', 'batch-ocr', 'embeddings']);
    expect(sut.webhooks[0]?.name).toBe('ops');
  });
});
