;; The matrix product of gradfold's tensor kernels in WebAssembly SIMD, two float64 lanes wide.
;;
;; `product` computes out[i, j] = Σ_p a(i, p)·b[p, j] for i < m, j < n, with a(i, p) the float64
;; at byte a + (i − i mod 4)/4·blk + p·cs + 8·(i mod 4): four rows of `a` side by side at each p,
;; so that one function reads `a` as the transpose of a row-major [k, m] (cs = 8m, blk = 32) or
;; as `interleave` lays out a row-major [m, k] (cs = 32, blk = 32k). b is packed by `pack` and
;; out is row-major [m, n], all in this module's memory. The caller pads: m and n must be
;; multiples of 4.
;;
;; The sums are the triple loop's, to the bit. Each lane of each accumulator holds one output
;; element and receives its products in index order p = 0, 1, …, k − 1, starting from +0:
;; `f64x2.mul` then `f64x2.add`, each rounded once, as JavaScript's `s + x·y` (no fused
;; multiply-add: this module uses no relaxed SIMD). Vectors run across columns, never along p.
;;
;; Blocking: 4 rows × 4 columns of out (8 accumulators of 2 lanes) stay in registers for the
;; whole sum; each step of p loads 2 vectors of b and splats 4 numbers of a, for 16 products.
;; `pack` lays b out as panels of 4 columns, [n/4][k][4], so that the sum walks its panel
;; contiguously, 32 bytes a step, instead of one cache line a row; the four numbers of a that a
;; step splats sit side by side too, at constant offsets from one address (no address
;; arithmetic per row: 2–4% faster than rows a stride apart on W1's two large products).
(module
  (memory (export "memory") 1)

  ;; Copies the row-major [k, n] matrix at `src` into panels at `dst`: column j of row p goes
  ;; to dst + 8·((j − j mod 4)·k + 4p + j mod 4). n must be a multiple of 4.
  (func (export "pack") (param $src i32) (param $dst i32) (param $k i32) (param $n i32)
    (local $ld i32) (local $panel i32) (local $j i32) (local $from i32) (local $to i32) (local $end i32)
    (local.set $ld (i32.shl (local.get $n) (i32.const 3)))
    (local.set $panel (i32.shl (local.get $k) (i32.const 5)))
    (local.set $j (i32.const 0))
    (block $cols_done
      (loop $cols
        (br_if $cols_done (i32.ge_u (local.get $j) (local.get $ld)))
        (local.set $from (i32.add (local.get $src) (local.get $j)))
        (local.set $to (i32.add (local.get $dst) (i32.mul (i32.shr_u (local.get $j) (i32.const 5)) (local.get $panel))))
        (local.set $end (i32.add (local.get $to) (local.get $panel)))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $to) (local.get $end)))
            (v128.store (local.get $to) (v128.load (local.get $from)))
            (v128.store offset=16 (local.get $to) (v128.load offset=16 (local.get $from)))
            (local.set $from (i32.add (local.get $from) (local.get $ld)))
            (local.set $to (i32.add (local.get $to) (i32.const 32)))
            (br $rows)))
        (local.set $j (i32.add (local.get $j) (i32.const 32)))
        (br $cols)))
  )

  ;; Copies the row-major [m, k] matrix at `src` into blocks of 4 rows side by side at `dst`:
  ;; element (i, p) goes to dst + 8·((i − i mod 4)·k + 4p + i mod 4). m must be a multiple of 4.
  (func (export "interleave") (param $src i32) (param $dst i32) (param $m i32) (param $k i32)
    (local $ld i32) (local $from i32) (local $end i32) (local $to i32) (local $stop i32)
    (local.set $ld (i32.shl (local.get $k) (i32.const 3)))
    (local.set $from (local.get $src))
    (local.set $end (i32.add (local.get $src) (i32.mul (local.get $m) (local.get $ld))))
    (local.set $to (local.get $dst))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $from) (local.get $end)))
        (local.set $stop (i32.add (local.get $from) (local.get $ld)))
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

  (func (export "product")
    (param $a i32) (param $cs i32) (param $blk i32)
    (param $b i32) (param $out i32)
    (param $m i32) (param $k i32) (param $n i32)
    (local $ld i32)
    (local $ai i32) (local $oi i32) (local $oend i32) (local $o i32)
    (local $j i32) (local $pa i32) (local $pb i32) (local $p i32)
    (local $x v128) (local $y0 v128) (local $y1 v128)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128)
    (local $s20 v128) (local $s21 v128) (local $s30 v128) (local $s31 v128)

    ;; bytes from one row of out to the next
    (local.set $ld (i32.shl (local.get $n) (i32.const 3)))
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
            (br_if $cols_done (i32.ge_u (local.get $j) (local.get $ld)))
            (local.set $s00 (v128.const i64x2 0 0))
            (local.set $s01 (v128.const i64x2 0 0))
            (local.set $s10 (v128.const i64x2 0 0))
            (local.set $s11 (v128.const i64x2 0 0))
            (local.set $s20 (v128.const i64x2 0 0))
            (local.set $s21 (v128.const i64x2 0 0))
            (local.set $s30 (v128.const i64x2 0 0))
            (local.set $s31 (v128.const i64x2 0 0))
            (local.set $pa (local.get $ai))
            ;; the panel of columns j/8 … j/8 + 3 (j counts bytes of a row of out)
            (local.set $pb (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $k))))
            (local.set $p (local.get $k))
            ;; the sums, p = 0, 1, …, k − 1
            (block $sum_done
              (loop $sum
                (br_if $sum_done (i32.eqz (local.get $p)))
                (local.set $y0 (v128.load (local.get $pb)))
                (local.set $y1 (v128.load offset=16 (local.get $pb)))
                (local.set $x (v128.load64_splat (local.get $pa)))
                (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x) (local.get $y0))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x) (local.get $y1))))
                (local.set $x (v128.load64_splat offset=8 (local.get $pa)))
                (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x) (local.get $y0))))
                (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x) (local.get $y1))))
                (local.set $x (v128.load64_splat offset=16 (local.get $pa)))
                (local.set $s20 (f64x2.add (local.get $s20) (f64x2.mul (local.get $x) (local.get $y0))))
                (local.set $s21 (f64x2.add (local.get $s21) (f64x2.mul (local.get $x) (local.get $y1))))
                (local.set $x (v128.load64_splat offset=24 (local.get $pa)))
                (local.set $s30 (f64x2.add (local.get $s30) (f64x2.mul (local.get $x) (local.get $y0))))
                (local.set $s31 (f64x2.add (local.get $s31) (f64x2.mul (local.get $x) (local.get $y1))))
                (local.set $pa (i32.add (local.get $pa) (local.get $cs)))
                (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $sum)))
            ;; the 4 × 4 block of out
            (local.set $o (i32.add (local.get $oi) (local.get $j)))
            (v128.store (local.get $o) (local.get $s00))
            (v128.store offset=16 (local.get $o) (local.get $s01))
            (local.set $o (i32.add (local.get $o) (local.get $ld)))
            (v128.store (local.get $o) (local.get $s10))
            (v128.store offset=16 (local.get $o) (local.get $s11))
            (local.set $o (i32.add (local.get $o) (local.get $ld)))
            (v128.store (local.get $o) (local.get $s20))
            (v128.store offset=16 (local.get $o) (local.get $s21))
            (local.set $o (i32.add (local.get $o) (local.get $ld)))
            (v128.store (local.get $o) (local.get $s30))
            (v128.store offset=16 (local.get $o) (local.get $s31))
            (local.set $j (i32.add (local.get $j) (i32.const 32)))
            (br $cols)))
        (local.set $ai (i32.add (local.get $ai) (local.get $blk)))
        (local.set $oi (i32.add (local.get $oi) (i32.shl (local.get $ld) (i32.const 2))))
        (br $rows)))))
