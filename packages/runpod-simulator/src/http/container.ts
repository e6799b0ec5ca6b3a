/**
 * What `PATCH /v2/pods/{id}` and `PATCH /v2/serverless/{id}` share: the name and the container
 * settings. Changing the container needs a new one (a pod restarts in place, an endpoint makes a
 * new release), which the handlers detect by comparing fingerprints taken before and after.
 */

export interface ContainerSettings {
  name: string;
  image: string;
  args: string;
  ports: string[];
  env: Record<string, string>;
  registry: string | null;
}

/** Sets the fields the update carries; arrays and maps are copied. */
export function applyContainerUpdate(target: ContainerSettings, input: Partial<ContainerSettings>): void {
  if (input.name !== undefined) target.name = input.name;
  if (input.image !== undefined) target.image = input.image;
  if (input.args !== undefined) target.args = input.args;
  if (input.ports !== undefined) target.ports = [...input.ports];
  if (input.env !== undefined) target.env = { ...input.env };
  if (input.registry !== undefined) target.registry = input.registry;
}

/** The container settings (not the name) and `extra` values, comparable before and after an update. */
export function containerFingerprint(target: ContainerSettings, ...extra: unknown[]): string {
  return JSON.stringify([target.image, target.args, target.ports, target.env, target.registry, ...extra]);
}
