import type { Driver } from 'neo4j-driver';

/**
 * Counts the Cypher statements a library sends through a driver it was handed, without touching
 * the library: sessions, their transactions and executeQuery are wrapped on the way out.
 */
export function countingDriver(
  driver: Driver,
  onStatement?: (cypher: string, params: Record<string, unknown> | undefined) => void,
): { driver: Driver; count: () => number } {
  let statements = 0;
  const seen = (args: unknown[]) => {
    statements++;
    if (onStatement && typeof args[0] === 'string') onStatement(args[0], args[1] as Record<string, unknown> | undefined);
  };
  const wrapTx = <T extends object>(tx: T): T =>
    new Proxy(tx, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (key === 'run' && typeof value === 'function') {
          return (...args: unknown[]) => {
            seen(args);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const wrapSession = <T extends object>(session: T): T =>
    new Proxy(session, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        if (key === 'executeRead' || key === 'executeWrite') {
          return (work: (tx: object) => unknown, config?: unknown) =>
            (value as (w: unknown, c: unknown) => unknown).call(target, (tx: object) => work(wrapTx(tx)), config);
        }
        if (key === 'run') {
          return (...args: unknown[]) => {
            seen(args);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        if (key === 'beginTransaction') {
          return (...args: unknown[]) => wrapTx((value as (...a: unknown[]) => object).apply(target, args));
        }
        return value.bind(target);
      },
    });
  const wrapped = new Proxy(driver, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      if (key === 'session') return (...args: unknown[]) => wrapSession((value as (...a: unknown[]) => object).apply(target, args));
      if (key === 'executeQuery') {
        return (...args: unknown[]) => {
          seen(args);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
  return { driver: wrapped, count: () => statements };
}
