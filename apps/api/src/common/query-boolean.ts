import { Transform } from 'class-transformer';

/** Query strings carry `true`/`false` as text; anything else is left for the validator to reject. */
export const QueryBoolean = () =>
  Transform(({ value }: { value: unknown }): unknown =>
    value === 'true' ? true : value === 'false' ? false : value,
  );
