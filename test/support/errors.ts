import { ClientError } from 'graphql-request';

export interface ReturnedError {
  message: string;
  extensions: Record<string, unknown>;
}

/** The first GraphQL error of a request that must fail. */
export async function errorOf(promise: Promise<unknown>): Promise<ReturnedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ClientError) return error.response.errors![0] as unknown as ReturnedError;
    throw error;
  }
  throw new Error('expected the request to fail');
}
