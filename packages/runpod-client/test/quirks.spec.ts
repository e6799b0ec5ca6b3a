import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunpodClient } from '../src/index.js';
import { clientFor, startSim, type Simulator } from './helpers.js';

// The live-API deviations of NOTES §1.5, served on purpose by the simulator's quirks. The
// contract recorder would flag them (they break the spec), so it is off here.
describe('tolerant reading of live-API quirks over HTTP', () => {
  let sim: Simulator;
  let sut: RunpodClient;

  beforeAll(async () => {
    sim = await startSim({
      contract: 'off',
      quirks: { goTimestamps: true, imageName: true, numericStrings: true },
      pods: [{ id: 'quirkypod00001', name: 'quirky', status: 'RUNNING', image: 'runpod/pytorch:2.1.0' }],
      endpoints: [{ id: 'quirkyendpoint', name: 'quirky-endpoint' }],
    });
    sut = clientFor(sim);
  });

  afterAll(async () => {
    await sim.close();
  });

  it('reads imageName, Go timestamps and numeric-string costs into the normal pod shape', async () => {
    const [pod] = await sut.pods.list();
    expect(pod).toMatchObject({ id: 'quirkypod00001', image: 'runpod/pytorch:2.1.0', status: 'RUNNING' });
    expect(pod?.costPerHr).toEqual(expect.any(Number));
    expect(pod?.costPerHr).toBeGreaterThan(0);
    expect(pod?.createdAt).toBeInstanceOf(Date);
    expect(pod?.startedAt).toBeInstanceOf(Date);
    expect(pod?.createdAt?.getTime()).not.toBeNaN();
  });

  it('reads Go timestamps on endpoints', async () => {
    const endpoint = await sut.endpoints.get('quirkyendpoint');
    expect(endpoint.createdAt).toBeInstanceOf(Date);
  });
});
