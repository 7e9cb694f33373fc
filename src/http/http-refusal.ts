/** A request refused at the edge, with the status and a short, generic reason for the body. */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'HttpRefusal';
  }
}
