/**
 * The matrix products in WebAssembly SIMD: the module of `product.wat` (its bytes embedded,
 * base64, in `productBytes.ts`), compiled once, synchronously, the first time a product asks
 * for it, and its three products `matmul`, `matmulTN` and `matmulNT` with the JavaScript
 * kernels' signatures.
 *
 * Model: one memory, grown as needed, holds the two operands and the result of one product at
 * a time, below `MEMORY_LIMIT`; past it lies the pool of resident arrays (below), which grows
 * the memory once, to the pool's end, and from then on nothing grows it. A product copies its
 * operands in (padding rows and columns with zeros to multiples of 4, the kernel's block;
 * `matmulNT` transposes its `b` on the way), has the module pack `b` into panels of 4 columns,
 * each number stored twice (once in order, once beside its pair's other column: twice b's
 * size), and, for `matmul` and `matmulNT`, lay `a`'s rows out 4 side by side, as `matmulTN`'s
 * transposed `a` already is; runs the kernel over pieces of at most `DEPTH_LIMIT` steps of p,
 * each piece resuming the sums the last one stored, and bands of columns whose panels' rows in
 * a piece take at most `BAND_LIMIT` bytes (W1's gradient, whose k is the batch, 64, runs in one
 * call; its forward product, whose 784 × 128 panels take 1.6 MB, more than a core's
 * second-level cache, in 4 pieces of 196 steps of 400 KB each), and copies the result out into
 * `out` or a fresh `Float64Array`: nothing else the caller holds is ever written.
 *
 * Law: every product equals the JavaScript kernel's to the bit (laws/wasmKernels.ts): each
 * output element is the sum of its products in index order from +0, one rounding per multiply
 * and per add, as the triple loop takes it. Padding adds whole rows and columns whose sums are
 * thrown away; it never adds a term to a kept sum.
 *
 * Resident arrays (`resident.ts`): arrays in a pool past the operands' region of the memory,
 * which the products read (`a`, `b`) and write (`out`) where they stand instead of copying them,
 * wherever the kernel's layout of them is their own (the dimensions it pads to multiples of 4
 * already are): W1's first-layer weights in its forward product and their gradient out of its
 * `matmulTN`. `descend` runs gradient descent's step over a resident pair in the module.
 *
 * Fallback: where `WebAssembly` is missing, where the module does not validate (no SIMD), or
 * where compiling it throws (a browser's main thread that refuses synchronous compilation:
 * Chromium did above 4 KB, and does above 8 MB since; the module is about 2 KB),
 * `simdProducts` answers `undefined` and the caller runs JavaScript. A product whose buffers
 * would take the memory past `MEMORY_LIMIT` runs by blocks of rows of its result that fit (`matmul` and
 * `matmulNT`, whose `a` is stored by rows: the same sums, the same bits); where not even 4 rows
 * fit, and for such a `matmulTN`, and where the memory cannot grow, it answers `undefined` too.
 *
 * @internal
 * @since 0.2.0
 */
import type { ProductShape } from '../kernels.js'
import { PRODUCT_WASM } from './productBytes.js'
import { residentPool } from './resident.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** The part of the `WebAssembly` global this module uses (the library's types name no DOM). */
export interface WasmApi {
  readonly validate: (bytes: Uint8Array) => boolean
  readonly Module: new (bytes: Uint8Array) => object
  readonly Instance: new (module: object, imports: object) => { readonly exports: object }
}

/**
 * A product that answers `undefined` when it cannot run here (its memory would not grow). Its
 * result is a fresh array, or `out` (its first m·n elements written) when one is given.
 */
export type SimdProduct = (
  a: Float64Array,
  b: Float64Array,
  shape: ProductShape,
  out?: Float64Array
) => Float64Array | undefined

/** The three products, run by the wasm kernel. */
export interface SimdProducts {
  readonly matmul: SimdProduct
  readonly matmulTN: SimdProduct
  readonly matmulNT: SimdProduct
}

/** The three products, and the resident arrays they read and write in place. */
export interface SimdKernels extends SimdProducts {
  /**
   * A fresh array of `length` zeros resident in the module's memory, which the products read
   * and write in place (no copy in or out), or `undefined` when the pool of resident arrays is
   * full or the memory cannot grow to hold it. Its place returns to the pool once the array is
   * collected: nothing may keep a view of part of it longer than the array itself.
   */
  readonly resident: (length: number) => Float64Array | undefined
  /** Whether `x` is (a view of part of) a resident array of this kernel's. */
  readonly holds: (x: Float64Array) => boolean
  /**
   * Gradient descent's step `w[i] ← w[i] + c·g[i]` over two resident arrays of one length, in
   * the module (two lanes at a time, the same roundings as JavaScript's `w + c * g`), answering
   * the sum of `x − x` over the new values (0, or NaN where one is not finite); `undefined`
   * where either array is not resident (the caller runs JavaScript).
   */
  readonly descend: (g: Float64Array, w: Float64Array, c: number) => number | undefined
}

/** What the compiled module exports. */
interface Exports {
  readonly memory: { readonly buffer: ArrayBuffer; readonly grow: (pages: number) => number }
  readonly product: (
    a: number,
    innerStride: number,
    blockStride: number,
    b: number,
    panelBytes: number,
    out: number,
    rowBytes: number,
    m: number,
    k: number,
    n: number,
    resume: number
  ) => void
  readonly pack: (src: number, dst: number, k: number, n: number) => void
  readonly interleave: (src: number, dst: number, m: number, k: number) => void
  readonly descend: (g: number, w: number, n: number, c: number) => number
}

/** The most memory (bytes) the kernel's operands and result may take: beyond it, products run by blocks of rows, or in JavaScript. */
export const MEMORY_LIMIT = 64 * 2 ** 20

/**
 * The most bytes of packed `b` one call of the kernel walks (its piece of p of each panel of
 * its columns): more columns than that run in bands, each call re-reading its piece of `a`, so
 * that the panels stay in a core's second-level cache from one block of 4 rows to the next
 * (W1's forward product, 64 × 784 × 128, ran 5–8% slower with its 1.6 MB of panels walked
 * whole than in 4 pieces of 400 KB: kernel alone, interleaved runs on a loaded machine).
 */
export const BAND_LIMIT = 512 * 2 ** 10

/**
 * The most steps of p one call of the kernel takes: a longer sum runs in pieces, each
 * resuming from the partial sums the last one stored (the same doubles), so that the piece of
 * `a`'s 4 rows a block reads (32 bytes a step) stays in the first-level cache while `b`'s
 * panels stream past (kernel alone, interleaved runs on a loaded machine: W1's forward
 * product, k = 784, 2.5% faster in 4 pieces of 196 steps than in 4 bands of 32 columns with k
 * whole; 128 × 512 × 128 2.5% faster in 2 pieces than whole).
 */
export const DEPTH_LIMIT = 256

/** The limits a set of products runs within (the defaults above; tests shrink them). */
export interface Limits {
  /** The most bytes of memory the operands and result of one product may take. */
  readonly memory: number
  /** The most bytes of packed `b` one call of the kernel walks. */
  readonly band: number
  /** The most steps of p one call of the kernel takes. */
  readonly depth: number
  /** The bytes of the pool of resident arrays, past the operands' `memory`. */
  readonly pool: number
}

/**
 * The bytes of the pool of resident arrays (W1's resident parameters, their second set and their
 * gradients take 2.4 MB). The memory is grown to the operands' limit and this pool at the first
 * resident array and never again: a grow would detach every view of the old memory, so it
 * happens before any resident view exists (the pages are reserved, and cost memory only once
 * written).
 */
export const POOL_LIMIT = 32 * 2 ** 20

const LIMITS: Limits = { memory: MEMORY_LIMIT, band: BAND_LIMIT, depth: DEPTH_LIMIT, pool: POOL_LIMIT }

const PAGE = 65536

// -------------------------------------------------------------------------------------
// the module
// -------------------------------------------------------------------------------------

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** The bytes of a base64 text (no `atob`: the library's types name no DOM). */
export const fromBase64 = (text: string): Uint8Array => {
  const digits = text.replace(/=+$/, '')
  const out = new Uint8Array((digits.length * 3) >> 2)
  let bits = 0
  let held = 0
  let o = 0
  for (let i = 0; i < digits.length; i++) {
    bits = ((bits << 6) | BASE64.indexOf(digits[i]!)) & 0xffffff
    held += 6
    if (held >= 8) {
      held -= 8
      out[o++] = (bits >> held) & 0xff
    }
  }
  return out
}

/** The embedded module's bytes. */
export const productBytes = (): Uint8Array => fromBase64(PRODUCT_WASM)

const isExports = (x: object): x is Exports =>
  'memory' in x &&
  typeof x.memory === 'object' &&
  'product' in x &&
  typeof x.product === 'function' &&
  'pack' in x &&
  typeof x.pack === 'function' &&
  'interleave' in x &&
  typeof x.interleave === 'function' &&
  'descend' in x &&
  typeof x.descend === 'function'

/**
 * The kernel's exports, or `undefined` when this platform cannot run it: no `WebAssembly`, a
 * module that does not validate (no SIMD), or a compilation or instantiation that throws.
 */
const instantiate = (api: WasmApi | undefined): Exports | undefined => {
  if (api === undefined) return undefined
  try {
    const bytes = productBytes()
    if (!api.validate(bytes)) return undefined
    const { exports } = new api.Instance(new api.Module(bytes), {})
    return isExports(exports) ? exports : undefined
  } catch {
    return undefined
  }
}

// -------------------------------------------------------------------------------------
// products
// -------------------------------------------------------------------------------------

/** `x` rounded up to a multiple of 4. */
const up4 = (x: number): number => (x + 3) & ~3

/**
 * Writes the `[rows, cols]` matrix `src` into `heap` from element `at` as `[rows, ld]`, the
 * columns past `cols` zero.
 */
const put = (heap: Float64Array, at: number, src: Float64Array, rows: number, cols: number, ld: number): void => {
  if (ld === cols) {
    heap.set(src.length === rows * cols ? src : src.subarray(0, rows * cols), at)
    return
  }
  // short rows element by element: a view per row would cost more than its copy
  if (cols < SHORT)
    for (let r = 0; r < rows; r++) {
      const o = at + r * ld
      for (let c = 0; c < cols; c++) heap[o + c] = src[r * cols + c]!
      for (let c = cols; c < ld; c++) heap[o + c] = 0
    }
  else
    for (let r = 0; r < rows; r++) {
      heap.set(src.subarray(r * cols, r * cols + cols), at + r * ld)
      heap.fill(0, at + r * ld + cols, at + r * ld + ld)
    }
}

/** Rows shorter than this are copied element by element. */
const SHORT = 32

/** Writes the transpose of the `[rows, cols]` matrix `src` into `heap` from `at` as `[cols, ld]`, padded with zeros. */
const putTransposed = (heap: Float64Array, at: number, src: Float64Array, rows: number, cols: number, ld: number) => {
  for (let c = 0; c < cols; c++) {
    const o = at + c * ld
    for (let r = 0; r < rows; r++) heap[o + r] = src[r * cols + c]!
    heap.fill(0, o + rows, o + ld)
  }
}

/** The `[rows, cols]` matrix stored in `heap` from `at` as `[·, ld]`, copied out into `out` (or a fresh array). */
const take = (heap: Float64Array, at: number, rows: number, cols: number, ld: number, out?: Float64Array) => {
  if (ld === cols) {
    const stored = heap.subarray(at, at + rows * cols)
    if (out === undefined) return stored.slice()
    out.set(stored)
    return out
  }
  const into = out ?? new Float64Array(rows * cols)
  if (cols < SHORT)
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) into[r * cols + c] = heap[at + r * ld + c]!
  else for (let r = 0; r < rows; r++) into.set(heap.subarray(at + r * ld, at + r * ld + cols), r * cols)
  return into
}

/**
 * The columns (a multiple of 4) of each band of a product whose `b` has `n4` columns, run in
 * pieces of `steps` rows: as few bands as keep a piece of each band's panels (16 bytes a
 * column a step) within `band` bytes, of equal width but the last.
 */
const bandWidth = (steps: number, n4: number, band: number): number => {
  const widest = Math.max(4, Math.floor(band / (16 * steps)) & ~3)
  return up4(Math.ceil(n4 / Math.ceil(n4 / widest)))
}

/**
 * The steps of p in each piece of a sum of `k` steps: as few pieces as keep each within
 * `depth`, of equal length but the last (1 for an empty sum, which still runs once).
 */
const pieceLength = (k: number, depth: number): number =>
  k <= depth ? Math.max(k, 1) : Math.ceil(k / Math.ceil(k / depth))

/** The three products over one instance of the kernel. */
const productsOf = (wasm: Exports, { memory: limit, band, depth, pool: poolBytes }: Limits): SimdKernels => {
  let heap = new Float64Array(wasm.memory.buffer)
  const pool = residentPool(wasm.memory, Math.ceil(limit / PAGE) * PAGE, poolBytes)
  /**
   * Where `x` stands in the memory (in float64s) when it is resident and `fits` (its padded
   * layout is its own: the dimensions the kernel pads to multiples of 4 already are), so that
   * the kernel reads or writes it there.
   */
  const inPlace = (x: Float64Array, fits: boolean): number | undefined => (fits ? pool.indexOf(x) : undefined)

  /** The memory as float64s, at least `elements` long; `undefined` when it cannot grow so far. */
  const reserve = (elements: number): Float64Array | undefined => {
    const bytes = elements * 8
    if (bytes > limit) return undefined
    const have = wasm.memory.buffer.byteLength
    if (bytes > have) {
      try {
        wasm.memory.grow(Math.ceil((bytes - have) / PAGE))
      } catch {
        return undefined
      }
    }
    if (heap.buffer !== wasm.memory.buffer) heap = new Float64Array(wasm.memory.buffer)
    return heap
  }

  /**
   * Lays out the operands (`load` writes `a` from element 0 and answers where the kernel reads
   * it, with its strides in elements: from one p to the next and from one block of 4 rows to
   * the next, using `scratch` elements from `free` if it needs them; `loadB` writes `b` as
   * `[k, n4]` and answers where it stands, or answers where a resident `b` already stands so,
   * and the module then packs it into panels of twice its size), runs the kernel band by band
   * of columns and copies the `[m, n]` result out, or writes it into a resident `out` in place.
   */
  const run = (
    shape: ProductShape,
    load: (heap: Float64Array, m4: number, free: number) => readonly [at: number, inner: number, block: number],
    scratch: number,
    loadB: (heap: Float64Array, at: number, n4: number) => number,
    out: Float64Array | undefined
  ): Float64Array | undefined => {
    const { m, k, n } = shape
    const m4 = up4(m)
    const n4 = up4(n)
    const bAt = m4 * k
    const packedAt = bAt + k * n4
    const resultAt = packedAt + 2 * k * n4
    const freeAt = resultAt + m4 * n4
    const h = reserve(freeAt + scratch)
    if (h === undefined) return undefined
    const [aAt, inner, block] = load(h, m4, freeAt)
    wasm.pack(loadB(h, bAt, n4) * 8, packedAt * 8, k, n4)
    const direct = out === undefined ? undefined : inPlace(out, m % 4 === 0 && n % 4 === 0)
    const outAt = direct ?? resultAt
    const steps = pieceLength(k, depth)
    const width = bandWidth(steps, n4, band)
    // the band of columns j … j + width − 1 (its panels from 2·k·j on, its results from column
    // j), by pieces of steps from p on (a's from p·inner on, its panels' from 8p on); a piece
    // from p = 0 starts its sums from +0, so one runs even when k is 0
    for (let j = 0; j < n4; j += width)
      for (let p = 0; p === 0 || p < k; p += steps)
        wasm.product(
          (aAt + p * inner) * 8,
          inner * 8,
          block * 8,
          (packedAt + 2 * k * j + 8 * p) * 8,
          64 * k,
          (outAt + j) * 8,
          n4 * 8,
          m4,
          Math.min(steps, k - p),
          Math.min(width, n4 - j),
          p > 0 ? 1 : 0
        )
    return direct === undefined ? take(h, outAt, m, n, n4, out) : out
  }

  /**
   * `a` `[m, k]` written as `[m4, k]` (the padding rows zero), then laid out by the module in
   * blocks of 4 rows side by side from `free`, where the kernel reads it.
   */
  const rowsOf =
    (a: Float64Array, { m, k }: ProductShape) =>
    (h: Float64Array, m4: number, free: number) => {
      let at = inPlace(a, m % 4 === 0) ?? -1
      if (at < 0) {
        put(h, 0, a, m, k, k)
        h.fill(0, m * k, m4 * k)
        at = 0
      }
      wasm.interleave(at * 8, free * 8, m4, k)
      return [free, 4, 4 * k] as const
    }

  /** `a` `[k, m]` written as `[k, m4]` (or read where it stands, resident): its columns, the rows of `aᵀ`, already side by side. */
  const columnsOf =
    (a: Float64Array, { m, k }: ProductShape) =>
    (h: Float64Array, m4: number) => {
      const at = inPlace(a, m % 4 === 0)
      if (at !== undefined) return [at, m4, 4] as const
      put(h, 0, a, k, m, m4)
      return [0, m4, 4] as const
    }

  /** `b` `[k, n]` written as `[k, n4]` from `at`, or read where it stands, resident: where it stands. */
  const rowsOfB =
    (b: Float64Array, { k, n }: ProductShape) =>
    (h: Float64Array, at: number, n4: number): number => {
      const resident = inPlace(b, n % 4 === 0)
      if (resident !== undefined) return resident
      put(h, at, b, k, n, n4)
      return at
    }

  /**
   * `product` over blocks of rows of `a` (`[m, k]`, rows contiguous) small enough for the
   * memory limit, each block's result written into its rows of the result: every output element
   * is the same sum whichever block computes it, so the bits do not change. `undefined` when not
   * even 4 rows fit.
   */
  const byRows =
    (product: SimdProduct): SimdProduct =>
    (a, b, shape, out) => {
      const { m, k, n } = shape
      const n4 = up4(n)
      // a's rows twice (as given, then side by side), b three times (as given, then packed at
      // twice its size), the result
      if ((up4(m) * (2 * k + n4) + 3 * k * n4) * 8 <= limit) return product(a, b, shape, out)
      const rows = Math.floor((limit / 8 - 3 * k * n4) / (2 * k + n4)) & ~3
      if (rows < 4) return undefined
      const result = out ?? new Float64Array(m * n)
      for (let r = 0; r < m; r += rows) {
        const block = Math.min(rows, m - r)
        const part = result.subarray(r * n, (r + block) * n)
        if (product(a.subarray(r * k, (r + block) * k), b, { m: block, k, n }, part) === undefined) return undefined
      }
      return result
    }

  return {
    matmul: byRows((a, b, shape, out) => run(shape, rowsOf(a, shape), up4(shape.m) * shape.k, rowsOfB(b, shape), out)),
    matmulTN: (a, b, shape, out) => run(shape, columnsOf(a, shape), 0, rowsOfB(b, shape), out),
    matmulNT: byRows((a, b, shape, out) =>
      run(
        shape,
        rowsOf(a, shape),
        up4(shape.m) * shape.k,
        (h, at, n4) => {
          putTransposed(h, at, b, shape.n, shape.k, n4)
          return at
        },
        out
      )
    ),
    resident: pool.take,
    holds: (x) => pool.indexOf(x) !== undefined,
    descend: (g, w, c) => {
      const gAt = pool.indexOf(g)
      const wAt = pool.indexOf(w)
      return gAt === undefined || wAt === undefined || g.length !== w.length
        ? undefined
        : wasm.descend(gAt * 8, wAt * 8, w.length, c)
    }
  }
}

/**
 * The products run by the wasm kernel on the platform `api` describes, within `limits` (each
 * one not given is the default: `MEMORY_LIMIT`, `BAND_LIMIT`, `DEPTH_LIMIT`), or `undefined`
 * where it cannot run them (then JavaScript does).
 */
export const simdProductsOn = (api: WasmApi | undefined, limits: Partial<Limits> = {}): SimdKernels | undefined => {
  const wasm = instantiate(api)
  return wasm === undefined ? undefined : productsOf(wasm, { ...LIMITS, ...limits })
}

let loaded: { readonly products: SimdKernels | undefined } | undefined

/**
 * The products on this platform (its global `WebAssembly`), compiled on the first call and
 * kept; `undefined` where wasm SIMD is missing.
 */
export const simdProducts = (): SimdKernels | undefined => {
  loaded ??= { products: simdProductsOn((globalThis as { readonly WebAssembly?: WasmApi }).WebAssembly) }
  return loaded.products
}

/** From this many multiply-adds (m·k·n) up a product runs in wasm, when it can: below, copying in and out costs more than it saves. */
export const SIMD_MIN = 1 << 12

/** The wasm products for a product of `shape`: `undefined` when it is small or wasm SIMD is missing. */
export const simdFor = ({ m, k, n }: ProductShape): SimdProducts | undefined =>
  m * k * n >= SIMD_MIN ? simdProducts() : undefined

/**
 * From this many float64s up, a buffer a caller keeps from step to step (a compiled epoch's
 * parameters, a program's gradients of them) is resident in the kernel's memory when it can be:
 * below, the copies a resident buffer saves cost little.
 */
export const RESIDENT_MIN = 1 << 14

/**
 * A fresh array of `length` zeros: resident in the wasm kernel's memory (so that its products
 * read and write it in place) when it is `RESIDENT_MIN` long or longer and the pool has room,
 * an ordinary array otherwise (no wasm SIMD here, a full pool). The same numbers either way.
 */
export const residentArray = (length: number): Float64Array =>
  (length >= RESIDENT_MIN ? simdProducts()?.resident(length) : undefined) ?? new Float64Array(length)
