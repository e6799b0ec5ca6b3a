export { startSimulator, type RunningSimulator } from './server.js';
export { SimulatorControl, type AddPodsInput } from './control.js';
export { ManualClock, MANUAL_CLOCK_START, type SettableClock } from './clock.js';
export { DEMO_FLEET, DEMO_POD_IDS, DEMO_ENDPOINT_IDS, type DemoPod, type DemoEndpoint } from './fleet.js';
export {
  GPU_MODELS,
  CPU_FLAVORS,
  DATA_CENTERS,
  type GpuModel,
  type CpuFlavor,
  type DataCenter,
} from './catalog.js';
export { DEFAULT_RATE_LIMIT } from './rate-limit.js';
export { SimControlError, SimInputError } from './errors.js';
export * from './types.js';
