;; The matrix product of gradfold's tensor kernels in WebAssembly SIMD, two float64 lanes wide,
;; and gradient descent's step over arrays resident in this memory (`descend`, at the end).
;;
;; `product` computes out[i, j] = Σ_p a(i, p)·b[p, j] for i < m, j < n, with a(i, p) the float64
;; at byte a + (i − i mod 4)/4·blk + p·cs + 8·(i mod 4): four rows of `a` side by side at each p,
;; so that one function reads `a` as the transpose of a row-major [k, m] (cs = 8m, blk = 32) or
;; as `interleave` lays out a row-major [m, k] (cs = 32, blk = 32k). b is packed by `pack`, its
;; panels `panel` bytes apart (64k, or more when this call walks the first k rows of longer
;; panels); out has its rows `ld` bytes apart (8n for a whole row-major [m, n], more when the
;; caller computes a band of out's columns at a time), all in this module's memory. The caller
;; pads: m and n must be multiples of 4.
;;
;; With `resume` 0 each sum starts from +0; otherwise from the number out holds, a partial sum
;; over earlier rows of b that an earlier call stored: a caller can run a long sum in pieces
;; of p (so that a piece of a's rows stays in the first-level cache while b's panels stream
;; past), and a double stored and loaded again is the same double, so the bits do not change.
;;
;; The sums are the triple loop's, to the bit. Each lane of each accumulator holds one output
;; element and receives its products in index order p = 0, 1, …, k − 1, starting from +0 (or,
;; resumed, from the sum the loop held after the rows before): `f64x2.mul` then `f64x2.add`,
;; each rounded once, as JavaScript's `s + x·y` (no fused multiply-add: this module uses no
;; relaxed SIMD). Vectors run across rows and columns, never along p.
;;
;; Blocking: 4 rows × 4 columns of out (8 accumulators of 2 lanes) stay in registers for the
;; whole sum. No lane is ever broadcast: each step of p loads 2 vectors of a, rows (0, 1) and
;; (2, 3), and 4 of b, columns (0, 1), (2, 3) and the same pairs crossed, (1, 0) and (3, 2),
;; which `pack` stores beside them. Rows (0, 1) times columns (0, 1) gives out (0, 0) and
;; (1, 1), times columns (1, 0) gives out (0, 1) and (1, 0); the 16 products of the step are
;; 8 `f64x2.mul`s. So a step loads 6 vectors and shuffles none (splatting 4 numbers of a
;; instead, beside 2 vectors of b, was 2–3% slower on W1's products, kernel alone, measured
;; interleaved; a shuffle that crosses b's pairs in registers was slower still: it takes a slot
;; the multiplies and adds need). When the sum is done, the accumulators are put back in row
;; order by one shuffle per stored vector, once per block. Why not a larger block: V8
;; (TurboFan, x64) loads every vector of a step before its first multiply and folds no load
;; into one, so a step holds its 6 loads, 8 accumulators and a product in 15 of the 16 xmm
;; registers (one is its scratch); 6 × 4 or 4 × 6 blocks spill accumulators to the stack and
;; ran at half speed, and so did this block with two steps of p written out per iteration (12
;; loads; TurboFan already unrolls the loop itself).
;;
;; `pack` lays b out as panels of 4 columns, [n/4][k][8], so that the sum walks its panel
;; contiguously, 64 bytes a step, instead of one cache line a row; the four numbers of a that a
;; step reads sit side by side too, at constant offsets from one address (no address
;; arithmetic per row: 2–4% faster than rows a stride apart on W1's two large products).
(module
  (memory (export "memory") 1)

  ;; Copies the row-major [k, n] matrix at `src` into panels at `dst`: for each 4 columns
  ;; c … c + 3 (c a multiple of 4) and each row p, 8 numbers at dst + 8·(2c·k + 8p):
  ;; b[p, c], b[p, c + 1], b[p, c + 2], b[p, c + 3], then b[p, c + 1], b[p, c], b[p, c + 3],
  ;; b[p, c + 2], the same columns crossed in pairs. n must be a multiple of 4. Two panels at a
  ;; time, so that each row is read a whole cache line at once (the last panel alone when n/4
  ;; is odd): ~15% faster on W1's 784 × 128 than a panel at a time, and faster than the
  ;; uncrossed panels were, though it writes twice the bytes it reads.
  (func (export "pack") (param $src i32) (param $dst i32) (param $k i32) (param $n i32)
    (local $ld i32) (local $panel i32) (local $j i32) (local $from i32) (local $to i32) (local $end i32)
    (local $two i32) (local $x v128) (local $y v128)
    (local.set $ld (i32.shl (local.get $n) (i32.const 3)))
    (local.set $panel (i32.shl (local.get $k) (i32.const 6)))
    (local.set $j (i32.const 0))
    (block $cols_done
      (loop $cols
        (br_if $cols_done (i32.ge_u (local.get $j) (local.get $ld)))
        (local.set $two (i32.lt_u (i32.add (local.get $j) (i32.const 32)) (local.get $ld)))
        (local.set $from (i32.add (local.get $src) (local.get $j)))
        (local.set $to (i32.add (local.get $dst) (i32.mul (i32.shr_u (local.get $j) (i32.const 5)) (local.get $panel))))
        (local.set $end (i32.add (local.get $to) (local.get $panel)))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $to) (local.get $end)))
            (local.set $x (v128.load (local.get $from)))
            (local.set $y (v128.load offset=16 (local.get $from)))
            (v128.store (local.get $to) (local.get $x))
            (v128.store offset=16 (local.get $to) (local.get $y))
            ;; the two lanes of each pair swapped
            (v128.store offset=32 (local.get $to) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))
            (v128.store offset=48 (local.get $to) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y) (local.get $y)))
            ;; the next 4 columns, into the next panel
            (if (local.get $two)
              (then
                (local.set $x (v128.load offset=32 (local.get $from)))
                (local.set $y (v128.load offset=48 (local.get $from)))
                (v128.store (i32.add (local.get $to) (local.get $panel)) (local.get $x))
                (v128.store offset=16 (i32.add (local.get $to) (local.get $panel)) (local.get $y))
                (v128.store offset=32 (i32.add (local.get $to) (local.get $panel)) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x)))
                (v128.store offset=48 (i32.add (local.get $to) (local.get $panel)) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y) (local.get $y)))))
            (local.set $from (i32.add (local.get $from) (local.get $ld)))
            (local.set $to (i32.add (local.get $to) (i32.const 64)))
            (br $rows)))
        (local.set $j (i32.add (local.get $j) (i32.const 64)))
        (br $cols)))
  )

  ;; Copies the row-major [m, k] matrix at `src` into blocks of 4 rows side by side at `dst`:
  ;; element (i, p) goes to dst + 8·((i − i mod 4)·k + 4p + i mod 4). m must be a multiple of 4.
  (func (export "interleave") (param $src i32) (param $dst i32) (param $m i32) (param $k i32)
    (local $ld i32) (local $from i32) (local $end i32) (local $to i32) (local $stop i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local.set $ld (i32.shl (local.get $k) (i32.const 3)))
    (local.set $from (local.get $src))
    (local.set $end (i32.add (local.get $src) (i32.mul (local.get $m) (local.get $ld))))
    (local.set $to (local.get $dst))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $from) (local.get $end)))
        (local.set $stop (i32.add (local.get $from) (local.get $ld)))
        ;; two columns at a time: a vector from each of the 4 rows, their low lanes (column p)
        ;; stored side by side, then their high lanes (column p + 1)
        (block $pairs_done
          (loop $pairs
            (br_if $pairs_done (i32.gt_u (i32.add (local.get $from) (i32.const 16)) (local.get $stop)))
            (local.set $x0 (v128.load (local.get $from)))
            (local.set $x1 (v128.load (i32.add (local.get $from) (local.get $ld))))
            (local.set $x2 (v128.load (i32.add (local.get $from) (i32.shl (local.get $ld) (i32.const 1)))))
            (local.set $x3 (v128.load (i32.add (local.get $from) (i32.mul (local.get $ld) (i32.const 3)))))
            (v128.store (local.get $to) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x0) (local.get $x1)))
            (v128.store offset=16 (local.get $to) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x2) (local.get $x3)))
            (v128.store offset=32 (local.get $to) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x0) (local.get $x1)))
            (v128.store offset=48 (local.get $to) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x2) (local.get $x3)))
            (local.set $from (i32.add (local.get $from) (i32.const 16)))
            (local.set $to (i32.add (local.get $to) (i32.const 64)))
            (br $pairs)))
        ;; the last column when k is odd
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $from) (local.get $stop)))
            (f64.store (local.get $to) (f64.load (local.get $from)))
            (f64.store offset=8 (local.get $to) (f64.load (i32.add (local.get $from) (local.get $ld))))
            (f64.store offset=16 (local.get $to)
              (f64.load (i32.add (local.get $from) (i32.shl (local.get $ld) (i32.const 1)))))
            (f64.store offset=24 (local.get $to)
              (f64.load (i32.add (local.get $from) (i32.mul (local.get $ld) (i32.const 3)))))
            (local.set $from (i32.add (local.get $from) (i32.const 8)))
            (local.set $to (i32.add (local.get $to) (i32.const 32)))
            (br $cols)))
        ;; the next block of 4 rows: 3 more rows on from the end of this block's first
        (local.set $from (i32.add (local.get $from) (i32.mul (local.get $ld) (i32.const 3))))
        (br $rows)))
  )

  ;; Accumulators, one per pair of rows (0, 1 or 2, 3) and pair of columns, each lane one
  ;; element of out: $s0 holds (0, 0) and (1, 1), $c0 (0, 1) and (1, 0); $s1 (0, 2) and (1, 3),
  ;; $c1 (0, 3) and (1, 2); $s2 (2, 0) and (3, 1), $c2 (2, 1) and (3, 0); $s3 (2, 2) and
  ;; (3, 3), $c3 (2, 3) and (3, 2).
  (func (export "product")
    (param $a i32) (param $cs i32) (param $blk i32)
    (param $b i32) (param $panel i32) (param $out i32) (param $ld i32)
    (param $m i32) (param $k i32) (param $n i32) (param $resume i32)
    (local $row i32)
    (local $ai i32) (local $oi i32) (local $oend i32) (local $o i32)
    (local $j i32) (local $pa i32) (local $pb i32) (local $p i32)
    (local $x0 v128) (local $x1 v128) (local $y0 v128) (local $y1 v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)

    ;; bytes of a row of out that this call computes
    (local.set $row (i32.shl (local.get $n) (i32.const 3)))
    (local.set $ai (local.get $a))
    (local.set $oi (local.get $out))
    (local.set $oend (i32.add (local.get $out) (i32.mul (local.get $m) (local.get $ld))))

    ;; blocks of 4 rows
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $oi) (local.get $oend)))
        (local.set $j (i32.const 0))
        ;; blocks of 4 columns
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $j) (local.get $row)))
            (local.set $o (i32.add (local.get $oi) (local.get $j)))
            (if (local.get $resume)
              (then
                ;; the partial sums, crossed as the accumulators hold them: $s0 takes (0, 0) from
                ;; row 0 and (1, 1) from row 1, $c0 takes (0, 1) and (1, 0)
                (local.set $x0 (v128.load (local.get $o)))
                (local.set $x1 (v128.load (i32.add (local.get $o) (local.get $ld))))
                (local.set $s0 (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (local.get $x0) (local.get $x1)))
                (local.set $c0 (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $x0) (local.get $x1)))
                (local.set $x0 (v128.load offset=16 (local.get $o)))
                (local.set $x1 (v128.load offset=16 (i32.add (local.get $o) (local.get $ld))))
                (local.set $s1 (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (local.get $x0) (local.get $x1)))
                (local.set $c1 (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $x0) (local.get $x1)))
                (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ld) (i32.const 1))))
                (local.set $x0 (v128.load (local.get $o)))
                (local.set $x1 (v128.load (i32.add (local.get $o) (local.get $ld))))
                (local.set $s2 (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (local.get $x0) (local.get $x1)))
                (local.set $c2 (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $x0) (local.get $x1)))
                (local.set $x0 (v128.load offset=16 (local.get $o)))
                (local.set $x1 (v128.load offset=16 (i32.add (local.get $o) (local.get $ld))))
                (local.set $s3 (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (local.get $x0) (local.get $x1)))
                (local.set $c3 (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $x0) (local.get $x1))))
              (else
                (local.set $s0 (v128.const i64x2 0 0))
                (local.set $s1 (v128.const i64x2 0 0))
                (local.set $s2 (v128.const i64x2 0 0))
                (local.set $s3 (v128.const i64x2 0 0))
                (local.set $c0 (v128.const i64x2 0 0))
                (local.set $c1 (v128.const i64x2 0 0))
                (local.set $c2 (v128.const i64x2 0 0))
                (local.set $c3 (v128.const i64x2 0 0))))
            (local.set $pa (local.get $ai))
            ;; the panel of columns j/8 … j/8 + 3 (j counts bytes of a row of out)
            (local.set $pb (i32.add (local.get $b) (i32.mul (i32.shr_u (local.get $j) (i32.const 5)) (local.get $panel))))
            (local.set $p (local.get $k))
            ;; the sums, p = 0, 1, …, k − 1
            (block $sum_done
              (loop $sum
                (br_if $sum_done (i32.eqz (local.get $p)))
                ;; rows (0, 1) and (2, 3); columns (0, 1) and (2, 3)
                (local.set $x0 (v128.load (local.get $pa)))
                (local.set $x1 (v128.load offset=16 (local.get $pa)))
                (local.set $y0 (v128.load (local.get $pb)))
                (local.set $y1 (v128.load offset=16 (local.get $pb)))
                (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $x0) (local.get $y0))))
                (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $x0) (local.get $y1))))
                (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $x1) (local.get $y0))))
                (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $x1) (local.get $y1))))
                ;; columns (1, 0) and (3, 2)
                (local.set $y0 (v128.load offset=32 (local.get $pb)))
                (local.set $y1 (v128.load offset=48 (local.get $pb)))
                (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $x0) (local.get $y0))))
                (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $x0) (local.get $y1))))
                (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $x1) (local.get $y0))))
                (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $x1) (local.get $y1))))
                (local.set $pa (i32.add (local.get $pa) (local.get $cs)))
                (local.set $pb (i32.add (local.get $pb) (i32.const 64)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $sum)))
            ;; the 4 × 4 block of out, rows in order: row 0 takes the low lanes of $s and $c,
            ;; row 1 the high lanes of $c and $s (its column 0 is in $c)
            (local.set $o (i32.add (local.get $oi) (local.get $j)))
            (v128.store (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s0) (local.get $c0)))
            (v128.store offset=16 (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s1) (local.get $c1)))
            (local.set $o (i32.add (local.get $o) (local.get $ld)))
            (v128.store (local.get $o) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $c0) (local.get $s0)))
            (v128.store offset=16 (local.get $o) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $c1) (local.get $s1)))
            (local.set $o (i32.add (local.get $o) (local.get $ld)))
            (v128.store (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s2) (local.get $c2)))
            (v128.store offset=16 (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $s3) (local.get $c3)))
            (local.set $o (i32.add (local.get $o) (local.get $ld)))
            (v128.store (local.get $o) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $c2) (local.get $s2)))
            (v128.store offset=16 (local.get $o) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $c3) (local.get $s3)))
            (local.set $j (i32.add (local.get $j) (i32.const 32)))
            (br $cols)))
        (local.set $ai (i32.add (local.get $ai) (local.get $blk)))
        (local.set $oi (i32.add (local.get $oi) (i32.shl (local.get $ld) (i32.const 2))))
        (br $rows))))
  ;; Gradient descent's step over `n` float64s: w[i] ← w[i] + c·g[i] for the arrays at `w` and
  ;; `g`, the product rounded, then the sum, as JavaScript's `w + c * g` (`f64x2.mul` then
  ;; `f64x2.add`: no fused multiply-add). Answers the sum of every x − x for the new values x:
  ;; 0 when all are finite, NaN when one is not (infinite or NaN), as the JavaScript pass's check.
  (func (export "descend") (param $g i32) (param $w i32) (param $n i32) (param $c f64) (result f64)
    (local $end i32) (local $quads i32) (local $pairs i32) (local $cc v128) (local $x v128) (local $z v128) (local $bad v128) (local $y f64)
    (local.set $cc (f64x2.splat (local.get $c)))
    (local.set $bad (v128.const i64x2 0 0))
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 3))))
    ;; four at a time, the checks of the two pairs added before the one add into $bad (that
    ;; chain of adds, each waiting for the one before, bounded the loop at two at a time:
    ;; W1's 100 352 weights 43 → 33 µs), then the last whole pair, then the last one
    (local.set $quads (i32.add (local.get $w) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (local.set $pairs (i32.add (local.get $w) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $quads_done
      (loop $quad
        (br_if $quads_done (i32.ge_u (local.get $w) (local.get $quads)))
        (local.set $x (f64x2.add (v128.load (local.get $w)) (f64x2.mul (local.get $cc) (v128.load (local.get $g)))))
        (local.set $z (f64x2.add (v128.load offset=16 (local.get $w)) (f64x2.mul (local.get $cc) (v128.load offset=16 (local.get $g)))))
        (v128.store (local.get $w) (local.get $x))
        (v128.store offset=16 (local.get $w) (local.get $z))
        (local.set $bad (f64x2.add (local.get $bad) (f64x2.add (f64x2.sub (local.get $x) (local.get $x)) (f64x2.sub (local.get $z) (local.get $z)))))
        (local.set $w (i32.add (local.get $w) (i32.const 32)))
        (local.set $g (i32.add (local.get $g) (i32.const 32)))
        (br $quad)))
    (if (i32.lt_u (local.get $w) (local.get $pairs))
      (then
        (local.set $x (f64x2.add (v128.load (local.get $w)) (f64x2.mul (local.get $cc) (v128.load (local.get $g)))))
        (v128.store (local.get $w) (local.get $x))
        (local.set $bad (f64x2.add (local.get $bad) (f64x2.sub (local.get $x) (local.get $x))))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))))
    ;; the last one when n is odd
    (if (i32.lt_u (local.get $w) (local.get $end))
      (then
        (local.set $y (f64.add (f64.load (local.get $w)) (f64.mul (local.get $c) (f64.load (local.get $g)))))
        (f64.store (local.get $w) (local.get $y))
        (local.set $bad (f64x2.add (local.get $bad) (f64x2.splat (f64.sub (local.get $y) (local.get $y)))))))
    (f64.add (f64x2.extract_lane 0 (local.get $bad)) (f64x2.extract_lane 1 (local.get $bad))))
)
