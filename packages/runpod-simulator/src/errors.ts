/** A control-API or seed input the simulator cannot use (the control API answers 400). */
export class SimInputError extends Error {}

/** A control-API request for something that does not exist (404) or cannot be done now (409). */
export class SimControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
