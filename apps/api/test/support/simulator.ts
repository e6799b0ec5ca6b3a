import { startSimulator, type RunningSimulator, type SimulatorOptions } from '@podwatch/runpod-simulator';

export const TEST_RUNPOD_KEY = 'rpa_TESTKEY_podwatch_0123456789abcdef';

/** Environment that points the API at a simulator (not demo mode). */
export function runpodEnv(sim: RunningSimulator): NodeJS.ProcessEnv {
  return {
    RUNPOD_API_KEY: TEST_RUNPOD_KEY,
    RUNPOD_REST_URL: sim.restUrl,
    RUNPOD_GRAPHQL_URL: sim.graphqlUrl,
    RUNPOD_SERVERLESS_URL: sim.serverlessUrl,
  };
}

/** A simulator for API tests: no rate limit unless asked, contract recording on. */
export function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ rateLimit: false, contract: 'record', apiKey: TEST_RUNPOD_KEY, ...options });
}
