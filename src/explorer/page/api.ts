const API_KEY_STORAGE = 'governance-graph.apiKey';

export function storedApiKey(): string | null {
  return localStorage.getItem(API_KEY_STORAGE);
}

export function storeApiKey(key: string): void {
  if (key) localStorage.setItem(API_KEY_STORAGE, key);
  else localStorage.removeItem(API_KEY_STORAGE);
}

export function authHeaders(): Record<string, string> {
  const key = storedApiKey();
  return key ? { authorization: `Bearer ${key}` } : {};
}

/** A GraphQL error as the API sends it: the field and reason of a refused input are in its extensions. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly field: string | null,
  ) {
    super(message);
  }
}

/**
 * One request to the API, with the stored key unless `anonymous` (the embed sends none: it shows
 * what anyone may see, whoever's browser it is in).
 */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}, options: { anonymous?: boolean } = {}): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options.anonymous ? {} : authHeaders()) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => null)) as { data?: T; errors?: { message: string; extensions?: { code?: string; field?: string } }[] } | null;
  if (!body) throw new Error(`The API answered ${response.status}`);
  if (body.errors?.length) {
    const [first] = body.errors;
    throw new ApiError(body.errors.map((error) => error.message).join('; '), first.extensions?.code ?? null, first.extensions?.field ?? null);
  }
  return body.data as T;
}
