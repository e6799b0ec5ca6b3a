import { normalizeGpuType } from '../normalize.js';
import type { RequestOptions } from '../options.js';
import { isObject } from '../tolerant.js';
import type { Transport } from '../transport.js';
import type { GpuTypeQuery, RunpodGpuType } from '../types.js';

/** The GPU catalog (`/v2/catalog/gpus`): types, prices and, with `include: ['AVAILABILITY']`, stock. */
export class CatalogResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  gpuTypes(query?: GpuTypeQuery, options?: RequestOptions): Promise<RunpodGpuType[]> {
    return this.#transport.rest({
      method: 'GET',
      template: '/catalog/gpus',
      query: { ...query },
      options,
      parse: (json, fail) => {
        const gpus = isObject(json) ? json.gpus : undefined;
        if (!Array.isArray(gpus)) return fail('expected { gpus: [...] }');
        return gpus.map(normalizeGpuType).filter((gpu) => gpu !== null);
      },
    });
  }

  /** One GPU type; ids contain spaces (`NVIDIA GeForce RTX 4090`) and are encoded. */
  gpuType(id: string, query?: GpuTypeQuery, options?: RequestOptions): Promise<RunpodGpuType> {
    return this.#transport.rest({
      method: 'GET',
      template: '/catalog/gpus/{id}',
      params: { id },
      query: { ...query },
      options,
      parse: (json, fail) => normalizeGpuType(json) ?? fail('expected a GPU type with an id'),
    });
  }
}
