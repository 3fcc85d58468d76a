/**
 * Exact bit-level helpers for the elementary functions: a double's exponent and mantissa read
 * through a `DataView` (whose byte order is fixed), and scaling by a power of two from a table
 * built by doubling and halving, which are exact. Nothing here rounds except where a result
 * falls below the normal range, as IEEE 754 multiplication does.
 *
 * @internal
 * @since 0.3.0
 */

/** Scratch for reading and writing a double's words; endianness is fixed by DataView. */
const scratch = new DataView(new ArrayBuffer(8))

/** 2^k for every k in [−1074, 1023], at index k + 1074, each made by exact doubling or halving. */
const POW2: Float64Array = (() => {
  const t = new Float64Array(2098)
  t[1074] = 1
  for (let k = 1; k <= 1023; k++) t[1074 + k] = t[1073 + k]! * 2
  for (let k = 1; k <= 1074; k++) t[1074 - k] = t[1075 - k]! / 2
  return t
})()

/** 2^k for an integer k in [−1074, 1023], exactly. */
export const pow2 = (k: number): number => POW2[k + 1074]!

/**
 * `y · 2^k` for an integer k in [−1100, 1100], rounded once as IEEE multiplication rounds: in
 * two exact steps when 2^k itself is not a normal double.
 */
export const scale = (y: number, k: number): number =>
  k > 1023
    ? y * POW2[2097]! * POW2[1074 + k - 1023]!
    : k < -1022
      ? y * POW2[1074 + k + 1000]! * POW2[74]!
      : y * POW2[k + 1074]!

/** The high 32 bits of a double (sign, exponent, the mantissa's top 20 bits). */
export const highWord = (x: number): number => {
  scratch.setFloat64(0, x)
  return scratch.getUint32(0)
}

/**
 * A positive, finite, normal double written as `2^k · m` with m about in [√2/2, √2): returns `k`
 * and leaves `m` for {@link mantissa}. The split is exact; the cut is read from the top 20 bits of
 * the mantissa (fdlibm's), so m ∈ [0.70710564, 1.41421128).
 */
export const reduce = (x: number): number => {
  scratch.setFloat64(0, x)
  const hx = scratch.getUint32(0)
  const top = hx & 0x000fffff
  // i is 0x100000 when the mantissa is about √2 or more (top bits ≥ 0x6a09e): m is then halved into [√2/2, 1)
  const i = (top + 0x95f64) & 0x100000
  scratch.setUint32(0, top | (i ^ 0x3ff00000))
  return (hx >>> 20) - 1023 + (i >>> 20)
}

/** The `m` of the last {@link reduce}, in [0.70710564, 1.41421128). */
export const mantissa = (): number => scratch.getFloat64(0)
