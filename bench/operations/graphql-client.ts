/** A GraphQL request over HTTP for the bench's own stateful clients (S1's moves, the soak). */

export class GraphqlFailure extends Error {
  constructor(
    message: string,
    /** The request got no answer within its time limit: it hung. */
    readonly hung = false,
  ) {
    super(message);
  }
}

export async function postGraphql<T>(url: string, token: string, query: string, variables: Record<string, unknown>, timeoutMs = 30_000): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const hung = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new GraphqlFailure(hung ? `no answer within ${timeoutMs} ms` : String(error), hung);
  }
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  if (body.errors?.length) throw new GraphqlFailure(`${body.errors[0]!.extensions?.code ?? ""} ${body.errors[0]!.message}`.trim());
  return body.data as T;
}
