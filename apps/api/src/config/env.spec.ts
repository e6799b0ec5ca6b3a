import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadEnv } from './env.js';

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
});
