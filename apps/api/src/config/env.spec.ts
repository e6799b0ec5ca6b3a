import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../paths.js';
import { ConfigError, ENV_VARIABLES, loadEnv } from './env.js';

function problemsOf(env: NodeJS.ProcessEnv) {
  try {
    loadEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe(loadEnv.name, () => {
  it('applies the documented defaults', () => {
    const sut = loadEnv({});
    expect(sut.port).toBe(8080);
    expect(sut.host).toBe('127.0.0.1');
    expect(sut.statsIntervalSeconds).toBe(60);
    expect(sut.pruneIntervalSeconds).toBe(60);
    expect(sut.databaseUrl).toBeUndefined();
    expect(sut.demo).toBe(true);
    expect(sut.configFile).toMatch(/podwatch\.yaml$/);
    expect(sut.runpod.restUrl).toBe('https://api.runpod.io/v2');
    expect(sut.corsOrigins).toEqual([]);
    expect(sut.rateLimitPerMinute).toBe(600);
    expect(sut.trustProxy).toBe(false);
    expect(sut.demoHistory).toBe(true);
    expect(loadEnv({ PODWATCH_DEMO_HISTORY: 'off' }).demoHistory).toBe(false);
    expect(() => loadEnv({ PODWATCH_DEMO_HISTORY: 'maybe' })).toThrow(/PODWATCH_DEMO_HISTORY/);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['1', 1],
    ['10.0.0.1, 192.168.0.0/16,loopback,fd00::/8', ['10.0.0.1', '192.168.0.0/16', 'loopback', 'fd00::/8']],
  ])('reads PODWATCH_TRUST_PROXY=%j', (value, expected) => {
    expect(loadEnv({ PODWATCH_TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('reads durations with units and treats empty values as unset', () => {
    const sut = loadEnv({ STATS_INTERVAL: '90s', PRUNE_INTERVAL: '2m', PORT: '', RUNPOD_API_KEY: 'rpa_x' });
    expect(sut.statsIntervalSeconds).toBe(90);
    expect(sut.pruneIntervalSeconds).toBe(120);
    expect(sut.port).toBe(8080);
    expect(sut.demo).toBe(false);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['STATS_INTERVAL', 'soon'],
    ['DATABASE_URL', 'mysql://x'],
    ['RUNPOD_REST_URL', 'not a url'],
    ['PODWATCH_ADMIN_TOKEN', 'short'],
    ['LOG_LEVEL', 'loud'],
    ['PODWATCH_RATE_LIMIT', 'lots'],
    ['PODWATCH_CORS_ORIGINS', 'https://a.example/path'],
    ['PODWATCH_TRUST_PROXY', 'yes'],
    ['PODWATCH_TRUST_PROXY', '10.0.0.0/33'],
    ['PODWATCH_TRUST_PROXY', 'proxy.internal'],
  ])('names %s when it is %j', (variable, value) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems.map((p) => p.variable)).toEqual([variable]);
  });

  it('reports every bad variable at once', () => {
    const error = (() => {
      try {
        loadEnv({ PORT: 'abc', PRUNE_INTERVAL: 'x' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error?.message).toContain('PORT must be a port number');
    expect(error?.message).toContain('PRUNE_INTERVAL must be a duration');
  });

  it('documents every variable in the README and .env.example', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const example = readFileSync(join(repoRoot, '.env.example'), 'utf8');
    expect(ENV_VARIABLES.filter((name) => !readme.includes(`| \`${name}\``))).toEqual([]);
    expect(ENV_VARIABLES.filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(example))).toEqual([]);
  });
});
