/** A person could not do what the test asked (button not shown, unknown channel, required field empty…). */
export class SandboxDriverError extends Error {
  constructor(
    message: string,
    /** Per input block_id: what Slack's client shows under the field before it lets the form go. */
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'SandboxDriverError';
  }
}
