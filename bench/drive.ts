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
  /** Connection errors and timeouts, non-2xx answers, and 200 answers carrying GraphQL errors. */
  errors: number;
  non2xx: number;
  graphqlErrors: number;
  /** 1-minute load average when the run ended: other work on the machine shows here. */
  load1: number;
}

/** One autocannon run: fixed connections (closed loop), fixed duration, POSTing the bodies in turn. */
export async function drive(options: DriveOptions): Promise<DriveResult> {
  let next = 0;
  let graphqlErrors = 0;
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
          if (status === 200 && body.includes('"errors":')) graphqlErrors++;
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
    non2xx: result.non2xx,
    graphqlErrors,
    load1: Math.round(os.loadavg()[0] * 100) / 100,
  };
}
