/**
 * The bearer token of a client: a fixed string, or a function asked again when the hub refuses the
 * one it gave (rotating tokens), with one refresh shared by every request refused at once.
 */
export type TokenSource = string | (() => string | Promise<string>);

export class BearerToken {
  private current: Promise<string> | undefined;

  constructor(private readonly source: TokenSource | undefined) {}

  get refreshable(): boolean {
    return typeof this.source === "function";
  }

  /** The token to send now, or undefined when the client has none (public operations). */
  value(): Promise<string | undefined> {
    if (this.source === undefined) return Promise.resolve(undefined);
    if (typeof this.source === "string") return Promise.resolve(this.source);
    this.current ??= this.ask(this.source);
    return this.current;
  }

  /** The hub refused `refused`: the next value() asks the function again, unless another caller already did. */
  async refresh(refused: string | undefined): Promise<void> {
    if (typeof this.source !== "function" || !this.current) return;
    const held = await this.current.catch(() => undefined);
    if (held === refused) this.current = this.ask(this.source);
  }

  private ask(source: () => string | Promise<string>): Promise<string> {
    const asked = Promise.resolve().then(source);
    // A failed call is not kept: the next request asks again.
    asked.catch(() => {
      if (this.current === asked) this.current = undefined;
    });
    return asked;
  }
}

export function authorizationHeader(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}
