;; The network's three hot loops in WebAssembly SIMD (f64x2), the same
;; computations as forwardLayer, weightGradients and inputGradients in
;; src/kernels.ts (see there and src/kernels-reference.ts for the maths).
;;
;; Build: `node src/wasm/build.mjs` turns this file into src/wasm/kernels-wasm.ts
;; (the bytes as base64); the generated file is committed, so `npm run build`
;; needs no WebAssembly tools.
;;
;; Conventions: every matrix is row-major float64; every pointer is a byte
;; offset into the imported memory; sizes are counts. The memory belongs to a
;; Workspace (src/kernels-wasm.ts), which places all its buffers in it.
;;
;; Summation order: forward_layer and input_gradients sum each output
;; sequentially over the inner index, exactly like the reference loops (the
;; two SIMD lanes hold two different outputs). weight_gradients sums over the
;; long dimension m, so its lanes hold the even and odd terms, added at the end.
(module
  (import "env" "memory" (memory 1))

  ;; Z = W·A + b; then, when flags & 1, A_out = Z, with ReLU when flags & 2,
  ;; times D / keepProb when flags & 4.
  ;; W (n, k), A (k, m), b (n) -> Z, A_out, D (n, m).
  (func (export "forward_layer")
    (param $W i32) (param $A i32) (param $b i32) (param $n i32) (param $k i32) (param $m i32)
    (param $Z i32) (param $Aout i32) (param $flags i32) (param $D i32) (param $keep f64)
    (local $i i32) (local $j i32) (local $p i32) (local $w i32) (local $ap i32) (local $o i32)
    (local $stride i32) (local $bi v128) (local $wv v128) (local $kv v128) (local $zero v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s f64)
    (local.set $stride (i32.shl (local.get $m) (i32.const 3)))
    (local.set $kv (f64x2.splat (local.get $keep)))
    (local.set $zero (f64x2.splat (f64.const 0)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $bi (v128.load64_splat (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $j (i32.const 0))
        ;; 8 columns at a time: 4 vectors of 2.
        (block $b8_done
          (loop $b8
            (br_if $b8_done (i32.gt_s (i32.add (local.get $j) (i32.const 8)) (local.get $m)))
            (local.set $s0 (local.get $zero)) (local.set $s1 (local.get $zero))
            (local.set $s2 (local.get $zero)) (local.set $s3 (local.get $zero))
            (local.set $w (i32.add (local.get $W) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 3))))
            (local.set $ap (i32.add (local.get $A) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $k_done
              (loop $kl
                (br_if $k_done (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $wv (v128.load64_splat (local.get $w)))
                (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $wv) (v128.load offset=0 (local.get $ap)))))
                (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $wv) (v128.load offset=16 (local.get $ap)))))
                (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $wv) (v128.load offset=32 (local.get $ap)))))
                (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $wv) (v128.load offset=48 (local.get $ap)))))
                (local.set $w (i32.add (local.get $w) (i32.const 8)))
                (local.set $ap (i32.add (local.get $ap) (local.get $stride)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $kl)))
            (local.set $s0 (f64x2.add (local.get $s0) (local.get $bi)))
            (local.set $s1 (f64x2.add (local.get $s1) (local.get $bi)))
            (local.set $s2 (f64x2.add (local.get $s2) (local.get $bi)))
            (local.set $s3 (f64x2.add (local.get $s3) (local.get $bi)))
            (local.set $o (i32.shl (i32.add (i32.mul (local.get $i) (local.get $m)) (local.get $j)) (i32.const 3)))
            (v128.store offset=0 (i32.add (local.get $Z) (local.get $o)) (local.get $s0))
            (v128.store offset=16 (i32.add (local.get $Z) (local.get $o)) (local.get $s1))
            (v128.store offset=32 (i32.add (local.get $Z) (local.get $o)) (local.get $s2))
            (v128.store offset=48 (i32.add (local.get $Z) (local.get $o)) (local.get $s3))
            (if (i32.and (local.get $flags) (i32.const 1))
              (then
                (if (i32.and (local.get $flags) (i32.const 2))
                  (then
                    ;; pmax(0, s) = 0 < s ? s : 0, the ReLU of the reference loops.
                    (local.set $s0 (f64x2.pmax (local.get $zero) (local.get $s0)))
                    (local.set $s1 (f64x2.pmax (local.get $zero) (local.get $s1)))
                    (local.set $s2 (f64x2.pmax (local.get $zero) (local.get $s2)))
                    (local.set $s3 (f64x2.pmax (local.get $zero) (local.get $s3)))))
                (if (i32.and (local.get $flags) (i32.const 4))
                  (then
                    (local.set $s0 (f64x2.div (f64x2.mul (local.get $s0) (v128.load offset=0 (i32.add (local.get $D) (local.get $o)))) (local.get $kv)))
                    (local.set $s1 (f64x2.div (f64x2.mul (local.get $s1) (v128.load offset=16 (i32.add (local.get $D) (local.get $o)))) (local.get $kv)))
                    (local.set $s2 (f64x2.div (f64x2.mul (local.get $s2) (v128.load offset=32 (i32.add (local.get $D) (local.get $o)))) (local.get $kv)))
                    (local.set $s3 (f64x2.div (f64x2.mul (local.get $s3) (v128.load offset=48 (i32.add (local.get $D) (local.get $o)))) (local.get $kv)))))
                (v128.store offset=0 (i32.add (local.get $Aout) (local.get $o)) (local.get $s0))
                (v128.store offset=16 (i32.add (local.get $Aout) (local.get $o)) (local.get $s1))
                (v128.store offset=32 (i32.add (local.get $Aout) (local.get $o)) (local.get $s2))
                (v128.store offset=48 (i32.add (local.get $Aout) (local.get $o)) (local.get $s3))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $b8)))
        ;; The last m % 8 columns, one at a time.
        (block $b1_done
          (loop $b1
            (br_if $b1_done (i32.ge_s (local.get $j) (local.get $m)))
            (local.set $s (f64.const 0))
            (local.set $w (i32.add (local.get $W) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 3))))
            (local.set $ap (i32.add (local.get $A) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $k1_done
              (loop $k1
                (br_if $k1_done (i32.ge_u (local.get $p) (local.get $k)))
                (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $w)) (f64.load (local.get $ap)))))
                (local.set $w (i32.add (local.get $w) (i32.const 8)))
                (local.set $ap (i32.add (local.get $ap) (local.get $stride)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $k1)))
            (local.set $s (f64.add (local.get $s) (f64x2.extract_lane 0 (local.get $bi))))
            (local.set $o (i32.shl (i32.add (i32.mul (local.get $i) (local.get $m)) (local.get $j)) (i32.const 3)))
            (f64.store (i32.add (local.get $Z) (local.get $o)) (local.get $s))
            (if (i32.and (local.get $flags) (i32.const 1))
              (then
                (if (i32.and (local.get $flags) (i32.const 2))
                  (then (local.set $s (select (local.get $s) (f64.const 0) (f64.gt (local.get $s) (f64.const 0))))))
                (if (i32.and (local.get $flags) (i32.const 4))
                  (then (local.set $s (f64.div (f64.mul (local.get $s) (f64.load (i32.add (local.get $D) (local.get $o)))) (local.get $keep)))))
                (f64.store (i32.add (local.get $Aout) (local.get $o)) (local.get $s))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $b1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; dW = dZ·A_prevᵀ / m, db = Σ_columns dZ / m: dZ (n, m), A_prev (k, m) -> dW (n, k), db (n).
  ;; (Both multiply by 1/m, as the course's `1./m * np.dot(...)` does.)
  ;; For each row of dZ, four rows of A_prev at a time (then one at a time),
  ;; each dot product in a 2-lane accumulator (even and odd columns).
  (func (export "weight_gradients")
    (param $dZ i32) (param $Ap i32) (param $n i32) (param $k i32) (param $m i32)
    (param $dW i32) (param $db i32)
    (local $i i32) (local $p i32) (local $j i32) (local $z i32) (local $a i32) (local $stride i32)
    (local $m2 i32) (local $g v128) (local $zero v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $sb v128)
    (local $gl f64) (local $s f64) (local $out i32) (local $scale f64)
    (local.set $scale (f64.div (f64.const 1) (f64.convert_i32_s (local.get $m))))
    (local.set $stride (i32.shl (local.get $m) (i32.const 3)))
    (local.set $m2 (i32.and (local.get $m) (i32.const -2)))
    (local.set $zero (f64x2.splat (f64.const 0)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $z (i32.add (local.get $dZ) (i32.mul (local.get $i) (local.get $stride))))
        (local.set $out (i32.add (local.get $dW) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 3))))
        (local.set $p (i32.const 0))
        ;; Blocks of four rows of A_prev; db rides along with the first block.
        (block $p4_done
          (loop $p4
            (br_if $p4_done (i32.gt_s (i32.add (local.get $p) (i32.const 4)) (local.get $k)))
            (local.set $s0 (local.get $zero)) (local.set $s1 (local.get $zero))
            (local.set $s2 (local.get $zero)) (local.set $s3 (local.get $zero)) (local.set $sb (local.get $zero))
            (local.set $a (i32.add (local.get $Ap) (i32.mul (local.get $p) (local.get $stride))))
            (local.set $j (i32.const 0))
            (block $j_done
              (loop $jl
                (br_if $j_done (i32.ge_s (local.get $j) (local.get $m2)))
                (local.set $g (v128.load (local.get $z)))
                (local.set $sb (f64x2.add (local.get $sb) (local.get $g)))
                (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $g) (v128.load (local.get $a)))))
                (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $g) (v128.load (i32.add (local.get $a) (local.get $stride))))))
                (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $g)
                  (v128.load (i32.add (local.get $a) (i32.shl (local.get $stride) (i32.const 1)))))))
                (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $g)
                  (v128.load (i32.add (local.get $a) (i32.mul (local.get $stride) (i32.const 3)))))))
                (local.set $z (i32.add (local.get $z) (i32.const 16)))
                (local.set $a (i32.add (local.get $a) (i32.const 16)))
                (local.set $j (i32.add (local.get $j) (i32.const 2)))
                (br $jl)))
            ;; Sum the lanes, add an odd last column, scale, store.
            (local.set $gl (f64.const 0))
            (if (i32.lt_s (local.get $m2) (local.get $m)) (then (local.set $gl (f64.load (local.get $z)))))
            (f64.store offset=0 (local.get $out) (f64.mul (local.get $scale)
              (f64.add (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0)))
                       (f64.mul (local.get $gl) (f64.load (local.get $a))))))
            (f64.store offset=8 (local.get $out) (f64.mul (local.get $scale)
              (f64.add (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1)))
                       (f64.mul (local.get $gl) (f64.load (i32.add (local.get $a) (local.get $stride)))))))
            (f64.store offset=16 (local.get $out) (f64.mul (local.get $scale)
              (f64.add (f64.add (f64x2.extract_lane 0 (local.get $s2)) (f64x2.extract_lane 1 (local.get $s2)))
                       (f64.mul (local.get $gl) (f64.load (i32.add (local.get $a) (i32.shl (local.get $stride) (i32.const 1))))))))
            (f64.store offset=24 (local.get $out) (f64.mul (local.get $scale)
              (f64.add (f64.add (f64x2.extract_lane 0 (local.get $s3)) (f64x2.extract_lane 1 (local.get $s3)))
                       (f64.mul (local.get $gl) (f64.load (i32.add (local.get $a) (i32.mul (local.get $stride) (i32.const 3))))))))
            (if (i32.eqz (local.get $p))
              (then
                (f64.store (i32.add (local.get $db) (i32.shl (local.get $i) (i32.const 3)))
                  (f64.mul (local.get $scale)
                    (f64.add (f64.add (f64x2.extract_lane 0 (local.get $sb)) (f64x2.extract_lane 1 (local.get $sb))) (local.get $gl))))))
            (local.set $z (i32.add (local.get $dZ) (i32.mul (local.get $i) (local.get $stride))))
            (local.set $out (i32.add (local.get $out) (i32.const 32)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $p4)))
        ;; The remaining rows of A_prev one at a time (db again rides along when p = 0).
        (block $p1_done
          (loop $p1
            (br_if $p1_done (i32.ge_s (local.get $p) (local.get $k)))
            (local.set $s0 (local.get $zero)) (local.set $s1 (local.get $zero))
            (local.set $sb (local.get $zero)) (local.set $s3 (local.get $zero))
            (local.set $a (i32.add (local.get $Ap) (i32.mul (local.get $p) (local.get $stride))))
            (local.set $j (i32.const 0))
            ;; Two accumulators (columns j, j+1 and j+2, j+3) to hide the add latency.
            (block $j4_done
              (loop $j4
                (br_if $j4_done (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $m2)))
                (local.set $g (v128.load (local.get $z)))
                (local.set $sb (f64x2.add (local.get $sb) (local.get $g)))
                (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $g) (v128.load (local.get $a)))))
                (local.set $g (v128.load offset=16 (local.get $z)))
                (local.set $s3 (f64x2.add (local.get $s3) (local.get $g)))
                (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $g) (v128.load offset=16 (local.get $a)))))
                (local.set $z (i32.add (local.get $z) (i32.const 32)))
                (local.set $a (i32.add (local.get $a) (i32.const 32)))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $j4)))
            (if (i32.lt_s (local.get $j) (local.get $m2))
              (then
                (local.set $g (v128.load (local.get $z)))
                (local.set $sb (f64x2.add (local.get $sb) (local.get $g)))
                (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $g) (v128.load (local.get $a)))))
                (local.set $z (i32.add (local.get $z) (i32.const 16)))
                (local.set $a (i32.add (local.get $a) (i32.const 16)))))
            (local.set $s0 (f64x2.add (local.get $s0) (local.get $s1)))
            (local.set $sb (f64x2.add (local.get $sb) (local.get $s3)))
            (local.set $gl (f64.const 0))
            (if (i32.lt_s (local.get $m2) (local.get $m)) (then (local.set $gl (f64.load (local.get $z)))))
            (f64.store (local.get $out) (f64.mul (local.get $scale)
              (f64.add (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0)))
                       (f64.mul (local.get $gl) (f64.load (local.get $a))))))
            (if (i32.eqz (local.get $p))
              (then
                (f64.store (i32.add (local.get $db) (i32.shl (local.get $i) (i32.const 3)))
                  (f64.mul (local.get $scale)
                    (f64.add (f64.add (f64x2.extract_lane 0 (local.get $sb)) (f64x2.extract_lane 1 (local.get $sb))) (local.get $gl))))))
            (local.set $z (i32.add (local.get $dZ) (i32.mul (local.get $i) (local.get $stride))))
            (local.set $out (i32.add (local.get $out) (i32.const 8)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $p1)))
        ;; k = 0: db alone.
        (if (i32.eqz (local.get $k))
          (then
            (local.set $s (f64.const 0))
            (local.set $j (i32.const 0))
            (block $d_done
              (loop $dl
                (br_if $d_done (i32.ge_s (local.get $j) (local.get $m)))
                (local.set $s (f64.add (local.get $s) (f64.load (local.get $z))))
                (local.set $z (i32.add (local.get $z) (i32.const 8)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $dl)))
            (f64.store (i32.add (local.get $db) (i32.shl (local.get $i) (i32.const 3))) (f64.mul (local.get $scale) (local.get $s)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; dA = Wᵀ·dZ; when flags & 1, dA·D / keepProb (dropout); when flags & 2,
  ;; dZ_prev = dA where Z_prev > 0, else 0 (ReLU).
  ;; W (n, k), dZ (n, m) -> dA, D, Z_prev, dZ_prev (k, m).
  (func (export "input_gradients")
    (param $W i32) (param $dZ i32) (param $n i32) (param $k i32) (param $m i32) (param $dA i32)
    (param $D i32) (param $keep f64) (param $Zp i32) (param $dZp i32) (param $flags i32)
    (local $p i32) (local $j i32) (local $i i32) (local $w i32) (local $zp i32) (local $o i32)
    (local $stride i32) (local $wstride i32) (local $wv v128) (local $kv v128) (local $zero v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s f64)
    (local.set $stride (i32.shl (local.get $m) (i32.const 3)))
    (local.set $wstride (i32.shl (local.get $k) (i32.const 3)))
    (local.set $kv (f64x2.splat (local.get $keep)))
    (local.set $zero (f64x2.splat (f64.const 0)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $j (i32.const 0))
        (block $b8_done
          (loop $b8
            (br_if $b8_done (i32.gt_s (i32.add (local.get $j) (i32.const 8)) (local.get $m)))
            (local.set $s0 (local.get $zero)) (local.set $s1 (local.get $zero))
            (local.set $s2 (local.get $zero)) (local.set $s3 (local.get $zero))
            (local.set $w (i32.add (local.get $W) (i32.shl (local.get $p) (i32.const 3))))
            (local.set $zp (i32.add (local.get $dZ) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $i (i32.const 0))
            (block $n_done
              (loop $nl
                (br_if $n_done (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $wv (v128.load64_splat (local.get $w)))
                (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $wv) (v128.load offset=0 (local.get $zp)))))
                (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $wv) (v128.load offset=16 (local.get $zp)))))
                (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $wv) (v128.load offset=32 (local.get $zp)))))
                (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $wv) (v128.load offset=48 (local.get $zp)))))
                (local.set $w (i32.add (local.get $w) (local.get $wstride)))
                (local.set $zp (i32.add (local.get $zp) (local.get $stride)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $nl)))
            (local.set $o (i32.shl (i32.add (i32.mul (local.get $p) (local.get $m)) (local.get $j)) (i32.const 3)))
            (if (i32.and (local.get $flags) (i32.const 1))
              (then
                (local.set $s0 (f64x2.div (f64x2.mul (local.get $s0) (v128.load offset=0 (i32.add (local.get $D) (local.get $o)))) (local.get $kv)))
                (local.set $s1 (f64x2.div (f64x2.mul (local.get $s1) (v128.load offset=16 (i32.add (local.get $D) (local.get $o)))) (local.get $kv)))
                (local.set $s2 (f64x2.div (f64x2.mul (local.get $s2) (v128.load offset=32 (i32.add (local.get $D) (local.get $o)))) (local.get $kv)))
                (local.set $s3 (f64x2.div (f64x2.mul (local.get $s3) (v128.load offset=48 (i32.add (local.get $D) (local.get $o)))) (local.get $kv)))))
            (v128.store offset=0 (i32.add (local.get $dA) (local.get $o)) (local.get $s0))
            (v128.store offset=16 (i32.add (local.get $dA) (local.get $o)) (local.get $s1))
            (v128.store offset=32 (i32.add (local.get $dA) (local.get $o)) (local.get $s2))
            (v128.store offset=48 (i32.add (local.get $dA) (local.get $o)) (local.get $s3))
            (if (i32.and (local.get $flags) (i32.const 2))
              (then
                ;; Keep the lanes where Z_prev > 0: the compare gives all-ones or all-zeros bits.
                (v128.store offset=0 (i32.add (local.get $dZp) (local.get $o))
                  (v128.and (local.get $s0) (f64x2.gt (v128.load offset=0 (i32.add (local.get $Zp) (local.get $o))) (local.get $zero))))
                (v128.store offset=16 (i32.add (local.get $dZp) (local.get $o))
                  (v128.and (local.get $s1) (f64x2.gt (v128.load offset=16 (i32.add (local.get $Zp) (local.get $o))) (local.get $zero))))
                (v128.store offset=32 (i32.add (local.get $dZp) (local.get $o))
                  (v128.and (local.get $s2) (f64x2.gt (v128.load offset=32 (i32.add (local.get $Zp) (local.get $o))) (local.get $zero))))
                (v128.store offset=48 (i32.add (local.get $dZp) (local.get $o))
                  (v128.and (local.get $s3) (f64x2.gt (v128.load offset=48 (i32.add (local.get $Zp) (local.get $o))) (local.get $zero))))))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $b8)))
        (block $b1_done
          (loop $b1
            (br_if $b1_done (i32.ge_s (local.get $j) (local.get $m)))
            (local.set $s (f64.const 0))
            (local.set $w (i32.add (local.get $W) (i32.shl (local.get $p) (i32.const 3))))
            (local.set $zp (i32.add (local.get $dZ) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $i (i32.const 0))
            (block $n1_done
              (loop $n1
                (br_if $n1_done (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $w)) (f64.load (local.get $zp)))))
                (local.set $w (i32.add (local.get $w) (local.get $wstride)))
                (local.set $zp (i32.add (local.get $zp) (local.get $stride)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $n1)))
            (local.set $o (i32.shl (i32.add (i32.mul (local.get $p) (local.get $m)) (local.get $j)) (i32.const 3)))
            (if (i32.and (local.get $flags) (i32.const 1))
              (then (local.set $s (f64.div (f64.mul (local.get $s) (f64.load (i32.add (local.get $D) (local.get $o)))) (local.get $keep)))))
            (f64.store (i32.add (local.get $dA) (local.get $o)) (local.get $s))
            (if (i32.and (local.get $flags) (i32.const 2))
              (then
                (f64.store (i32.add (local.get $dZp) (local.get $o))
                  (select (local.get $s) (f64.const 0) (f64.gt (f64.load (i32.add (local.get $Zp) (local.get $o))) (f64.const 0))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $b1)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $rows))))

  ;; The dropout masks of a "fresh" stream: D[i] = 1 when the next output of the
  ;; xorshift128 generator, as an unsigned 32-bit integer u, is below
  ;; T = keepProb·2³², else 0; u < T exactly when u / 2³² < keepProb (a
  ;; power-of-two scale is exact), so this equals drawing each entry with
  ;; random() < keepProb. The generator state (x, y, z, w) is read from and
  ;; written back to 4 i32 at $state.
  (func (export "fill_mask") (param $D i32) (param $count i32) (param $keep f64) (param $state i32)
    (local $x i32) (local $y i32) (local $z i32) (local $w i32) (local $t i32) (local $end i32) (local $T f64)
    (local.set $T (f64.mul (local.get $keep) (f64.const 4294967296)))
    (local.set $x (i32.load offset=0 (local.get $state)))
    (local.set $y (i32.load offset=4 (local.get $state)))
    (local.set $z (i32.load offset=8 (local.get $state)))
    (local.set $w (i32.load offset=12 (local.get $state)))
    (local.set $end (i32.add (local.get $D) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $draw
        (br_if $done (i32.ge_u (local.get $D) (local.get $end)))
        (local.set $t (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 11))))
        (local.set $x (local.get $y))
        (local.set $y (local.get $z))
        (local.set $z (local.get $w))
        (local.set $w (i32.xor (i32.xor (local.get $w) (i32.shr_u (local.get $w) (i32.const 19)))
                               (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 8)))))
        (f64.store (local.get $D)
          (f64.convert_i32_u (f64.lt (f64.convert_i32_u (local.get $w)) (local.get $T))))
        (local.set $D (i32.add (local.get $D) (i32.const 8)))
        (br $draw)))
    (i32.store offset=0 (local.get $state) (local.get $x))
    (i32.store offset=4 (local.get $state) (local.get $y))
    (i32.store offset=8 (local.get $state) (local.get $z))
    (i32.store offset=12 (local.get $state) (local.get $w)))
)
