/**
 * How a partner call fails: worth trying again later (PartnerUnavailableError) or for good
 * (PartnerRejectedError). Adapters throw these; the hub's services decide what each means.
 */
/** A partner answered or failed in a way worth trying again (5xx, 429, timeout, connection refused). */
export class PartnerUnavailableError extends Error {
  override readonly name = "PartnerUnavailableError";
  constructor(
    readonly partner: string,
    readonly reason: string,
    readonly status?: number,
  ) {
    super(`${partner} unavailable: ${reason}`);
  }
}

/** A partner refused the request for good (4xx other than 429). Retrying the same request will not help. */
export class PartnerRejectedError extends Error {
  override readonly name = "PartnerRejectedError";
  constructor(
    readonly partner: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${partner} refused the request with HTTP ${status}`);
  }

  /** The partner's own explanation, when its body carries one. */
  get reason(): string {
    const body = this.body as { reason?: unknown; message?: unknown; error?: unknown } | null;
    const text = body?.reason ?? body?.message ?? body?.error;
    return typeof text === "string" ? text : `HTTP ${this.status}`;
  }
}
