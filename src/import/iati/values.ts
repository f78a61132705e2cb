export function clip(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

export function isoDate(value: string | undefined): string | undefined {
  const match = value ? /^(\d{4}-\d{2}-\d{2})/.exec(value) : null;
  return match ? match[1] : undefined;
}

/** A decimal becomes a number rounded to cents; anything else goes on as text for the validator to refuse. */
export function amountOf(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const compact = value.replace(/\s/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(compact)) return value;
  return Math.round(Number(compact) * 100) / 100;
}
