import autocannon from 'autocannon';
import os from 'node:os';

export interface DriveOptions {
  /** Full URL of the endpoint (POST). */
  url: string;
  /** Request bodies, already serialised; requests cycle through them, shared by all connections. */
  bodies: string[];
  connections: number;
  durationSec: number;
  /** Send exactly this many requests instead of running for durationSec (the smoke run: no timing involved). */
  amount?: number;
  /** Per-request timeout, seconds. */
  timeoutSec?: number;
}

export interface DriveResult {
  p50: number;
  p99: number;
  rps: number;
  requests: number;
  /** Connection errors and client-side timeouts. */
  errors: number;
  /** Non-2xx answers other than overload refusals. */
  non2xx: number;
  /** 200 answers carrying GraphQL errors other than overload refusals. */
  graphqlErrors: number;
  /**
   * Requests the server refused or stopped because it was overloaded: a query stopped by its
   * transaction timeout (QUERY_TIMEOUT) or no connection free in time (SERVICE_UNAVAILABLE, 503).
   * These measure load, not correctness, so the smoke run does not fail on them.
   */
  overloaded: number;
  /** 1-minute load average when the run ended: other work on the machine shows here. */
  load1: number;
}

const OVERLOAD = /"code":"(QUERY_TIMEOUT|SERVICE_UNAVAILABLE)"/;

/** One autocannon run: fixed connections (closed loop), fixed duration, POSTing the bodies in turn. */
export async function drive(options: DriveOptions): Promise<DriveResult> {
  let next = 0;
  let graphqlErrors = 0;
  let overloaded = 0;
  let overloaded503 = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSec }),
    timeout: options.timeoutSec ?? 30,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          request.body = options.bodies[next++ % options.bodies.length];
          return request;
        },
        onResponse: (status, body) => {
          if (status === 503 || OVERLOAD.test(body)) {
            overloaded++;
            if (status === 503) overloaded503++;
          } else if (status === 200 && body.includes('"errors":')) {
            graphqlErrors++;
          }
        },
      },
    ],
  });
  const requests = result.requests.total;
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: Math.round((requests / Math.max(result.duration, 1e-3)) * 10) / 10,
    requests,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx - overloaded503,
    graphqlErrors,
    overloaded,
    load1: Math.round(os.loadavg()[0] * 100) / 100,
  };
}
