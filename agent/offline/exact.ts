// Exact decimal arithmetic for figures computed over returned rows (sums, averages, differences, shares):
// amounts arrive as decimal strings ("1234.50") and are added as scaled integers (BigInt), never as floats,
// and rounded half away from zero only when stated.

/** A decimal as an integer and its number of decimal places: 1234.50 is { units: 123450n, scale: 2 }. */
export interface Exact {
  units: bigint
  scale: number
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/

export function isDecimal(value: unknown): boolean {
  return (
    (typeof value === 'number' && DECIMAL.test(String(value))) ||
    (typeof value === 'string' && DECIMAL.test(value.trim()))
  )
}

export function exact(value: string | number): Exact {
  const text = typeof value === 'number' ? (Number.isInteger(value) ? String(value) : String(value)) : value.trim()
  const match = DECIMAL.exec(text)
  if (!match) throw new Error(`not a decimal: ${text}`)
  const fraction = match[3] ?? ''
  const units = BigInt(`${match[2]}${fraction}`) * (match[1] ? -1n : 1n)
  return { units, scale: fraction.length }
}

const TEN = 10n
function rescale(value: Exact, scale: number): bigint {
  return value.units * TEN ** BigInt(scale - value.scale)
}

export function add(a: Exact, b: Exact): Exact {
  const scale = Math.max(a.scale, b.scale)
  return { units: rescale(a, scale) + rescale(b, scale), scale }
}

export function subtract(a: Exact, b: Exact): Exact {
  return add(a, { units: -b.units, scale: b.scale })
}

export function sum(values: Exact[]): Exact {
  return values.reduce(add, { units: 0n, scale: 0 })
}

/** numerator / denominator, rounded half away from zero to `places` decimals. */
export function divide(numerator: Exact, denominator: Exact, places: number): Exact {
  if (denominator.units === 0n) throw new Error('division by zero')
  // n/d = (nu / 10^ns) / (du / 10^ds); scaled by 10^places: nu * 10^(ds + places) / (du * 10^ns)
  let top = numerator.units * TEN ** BigInt(denominator.scale + places)
  let bottom = denominator.units * TEN ** BigInt(numerator.scale)
  if (bottom < 0n) {
    top = -top
    bottom = -bottom
  }
  const negative = top < 0n
  const magnitude = negative ? -top : top
  let quotient = magnitude / bottom
  if ((magnitude % bottom) * 2n >= bottom) quotient += 1n
  return { units: negative ? -quotient : quotient, scale: places }
}

/** Rounded half away from zero to `places` decimals. */
export function round(value: Exact, places: number): Exact {
  return divide(value, { units: 1n, scale: 0 }, places)
}

/** "1,234.56": grouped thousands, exactly `places` decimals. */
export function format(value: Exact, places = 2): string {
  const rounded = round(value, places)
  const negative = rounded.units < 0n
  const digits = (negative ? -rounded.units : rounded.units).toString().padStart(places + 1, '0')
  const whole = digits.slice(0, digits.length - places).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${negative ? '-' : ''}${whole}${places ? `.${digits.slice(-places)}` : ''}`
}

/** The plain decimal string, for checking: "1234.56". */
export function toDecimalString(value: Exact): string {
  const negative = value.units < 0n
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0')
  return `${negative ? '-' : ''}${digits.slice(0, digits.length - value.scale)}${value.scale ? `.${digits.slice(-value.scale)}` : ''}`
}
