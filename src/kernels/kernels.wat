;; The WebAssembly backend's kernels in SIMD (f64x2): the same computations
;; as linearForward, weightGradients, inputGradients, sigmoid and fillMask of
;; the JavaScript backend in src/kernels/js.ts (see there for the maths).
;;
;; Build: `node src/kernels/build.mjs` turns this file into src/kernels/module.ts
;; (the bytes as base64); the generated file is committed, so `npm run build`
;; needs no WebAssembly tools.
;;
;; Conventions: every matrix is row-major float64; every pointer is a byte
;; offset into the imported memory; sizes are counts. The memory belongs to
;; one WasmKernels instance (src/kernels/wasm.ts); a Workspace
;; (src/network/workspace.ts) made for that backend places all its buffers in it.
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
  ;; For each row of dZ, four rows of A_prev at a time (then two, then one),
  ;; each dot product in a 2-lane accumulator (even and odd columns).
  (func (export "weight_gradients")
    (param $dZ i32) (param $Ap i32) (param $n i32) (param $k i32) (param $m i32)
    (param $dW i32) (param $db i32)
    (local $i i32) (local $p i32) (local $j i32) (local $z i32) (local $a i32) (local $stride i32)
    (local $m2 i32) (local $g v128) (local $g2 v128) (local $zero v128)
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
        ;; Then a pair of rows, when two or three remain (db rides along when p = 0).
        (if (i32.le_s (i32.add (local.get $p) (i32.const 2)) (local.get $k))
          (then
            (local.set $s0 (local.get $zero)) (local.set $s1 (local.get $zero)) (local.set $sb (local.get $zero))
            (local.set $s2 (local.get $zero)) (local.set $s3 (local.get $zero))
            (local.set $a (i32.add (local.get $Ap) (i32.mul (local.get $p) (local.get $stride))))
            (local.set $j (i32.const 0))
            ;; Columns j, j+1 into s0, s1 (and sb); j+2, j+3 into s2, s3 (and gl as a vector below).
            (local.set $g2 (local.get $zero))
            (block $q4_done
              (loop $q4
                (br_if $q4_done (i32.gt_s (i32.add (local.get $j) (i32.const 4)) (local.get $m2)))
                (local.set $g (v128.load (local.get $z)))
                (local.set $sb (f64x2.add (local.get $sb) (local.get $g)))
                (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $g) (v128.load (local.get $a)))))
                (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $g) (v128.load (i32.add (local.get $a) (local.get $stride))))))
                (local.set $g (v128.load offset=16 (local.get $z)))
                (local.set $g2 (f64x2.add (local.get $g2) (local.get $g)))
                (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $g) (v128.load offset=16 (local.get $a)))))
                (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $g) (v128.load offset=16 (i32.add (local.get $a) (local.get $stride))))))
                (local.set $z (i32.add (local.get $z) (i32.const 32)))
                (local.set $a (i32.add (local.get $a) (i32.const 32)))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $q4)))
            (if (i32.lt_s (local.get $j) (local.get $m2))
              (then
                (local.set $g (v128.load (local.get $z)))
                (local.set $sb (f64x2.add (local.get $sb) (local.get $g)))
                (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $g) (v128.load (local.get $a)))))
                (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $g) (v128.load (i32.add (local.get $a) (local.get $stride))))))
                (local.set $z (i32.add (local.get $z) (i32.const 16)))
                (local.set $a (i32.add (local.get $a) (i32.const 16)))))
            (local.set $s0 (f64x2.add (local.get $s0) (local.get $s2)))
            (local.set $s1 (f64x2.add (local.get $s1) (local.get $s3)))
            (local.set $sb (f64x2.add (local.get $sb) (local.get $g2)))
            (local.set $gl (f64.const 0))
            (if (i32.lt_s (local.get $m2) (local.get $m)) (then (local.set $gl (f64.load (local.get $z)))))
            (f64.store offset=0 (local.get $out) (f64.mul (local.get $scale)
              (f64.add (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0)))
                       (f64.mul (local.get $gl) (f64.load (local.get $a))))))
            (f64.store offset=8 (local.get $out) (f64.mul (local.get $scale)
              (f64.add (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1)))
                       (f64.mul (local.get $gl) (f64.load (i32.add (local.get $a) (local.get $stride)))))))
            (if (i32.eqz (local.get $p))
              (then
                (f64.store (i32.add (local.get $db) (i32.shl (local.get $i) (i32.const 3)))
                  (f64.mul (local.get $scale)
                    (f64.add (f64.add (f64x2.extract_lane 0 (local.get $sb)) (f64x2.extract_lane 1 (local.get $sb))) (local.get $gl))))))
            (local.set $z (i32.add (local.get $dZ) (i32.mul (local.get $i) (local.get $stride))))
            (local.set $out (i32.add (local.get $out) (i32.const 16)))
            (local.set $p (i32.add (local.get $p) (i32.const 2)))))
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

  ;; The dropout masks of a "fresh" stream, from the bits of its xorshift128
  ;; generator (state x, y, z, w: 4 i32 at $state, read and written back).
  ;; Entry i is kept (1) when a uniform 32-bit integer U is below
  ;; T = ceil(keepProb·2³²), the same chance as random() < keepProb with a
  ;; 32-bit random(). U is drawn lazily: its top 8 bits are the next byte b of
  ;; the current generator word (4 entries a word); b < T's top byte keeps,
  ;; b > drops, and only on a tie (1 in 256) does a fresh word supply U's low
  ;; 24 bits. Each call starts a fresh word. src/kernels/js.ts has the same
  ;; loop in JavaScript. (The 0/1 entries are stored as the bit patterns of 0.0
  ;; and 1.0, k·0x3ff0000000000000: an int-to-float conversion per entry would
  ;; chain the iterations through one register.)
  (func (export "fill_mask") (param $D i32) (param $count i32) (param $keep f64) (param $state i32)
    (local $x i32) (local $y i32) (local $z i32) (local $w i32) (local $t i32) (local $end i32)
    (local $T i64) (local $T8 i32) (local $Tlow i32) (local $word i32) (local $b i32) (local $k i32) (local $shift i32)
    (local $v v128) (local $t8v v128) (local $one v128) (local $simd i32)
    (local.set $T (i64.trunc_f64_u (f64.ceil (f64.mul (local.get $keep) (f64.const 4294967296)))))
    (local.set $T8 (i32.wrap_i64 (i64.shr_u (local.get $T) (i64.const 24))))
    (local.set $Tlow (i32.wrap_i64 (i64.and (local.get $T) (i64.const 0xffffff))))
    ;; The vector path needs T8 to fit a byte: T8 = 256 only when T = 2³² (keepProb > 1 − 2⁻³²),
    ;; where every entry keeps and the scalar path below does it.
    (local.set $simd (i32.lt_u (local.get $T8) (i32.const 256)))
    (local.set $t8v (i8x16.splat (local.get $T8)))
    (local.set $one (i64x2.splat (i64.const 0x3ff0000000000000)))
    (local.set $x (i32.load offset=0 (local.get $state)))
    (local.set $y (i32.load offset=4 (local.get $state)))
    (local.set $z (i32.load offset=8 (local.get $state)))
    (local.set $w (i32.load offset=12 (local.get $state)))
    (local.set $end (i32.add (local.get $D) (i32.shl (local.get $count) (i32.const 3))))
    ;; Four entries per generator word.
    (block $words_done
      (loop $words
        (br_if $words_done (i32.gt_u (i32.add (local.get $D) (i32.const 32)) (local.get $end)))
        (local.set $t (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 11))))
        (local.set $x (local.get $y)) (local.set $y (local.get $z)) (local.set $z (local.get $w))
        (local.set $w (i32.xor (i32.xor (local.get $w) (i32.shr_u (local.get $w) (i32.const 19)))
                               (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 8)))))
        (local.set $word (local.get $w))
        ;; The common case, all four entries at once: no byte ties with T's top
        ;; byte, so each entry is (byte < T8), widened to 0.0 or 1.0 bit patterns.
        (local.set $v (i32x4.splat (local.get $word)))
        (if (i32.and (local.get $simd) (i32.eqz (v128.any_true (i8x16.eq (local.get $v) (local.get $t8v)))))
          (then
            (local.set $v (i32x4.extend_low_i16x8_s (i16x8.extend_low_i8x16_s (i8x16.lt_u (local.get $v) (local.get $t8v)))))
            (v128.store offset=0 (local.get $D) (v128.and (i64x2.extend_low_i32x4_s (local.get $v)) (local.get $one)))
            (v128.store offset=16 (local.get $D) (v128.and (i64x2.extend_high_i32x4_s (local.get $v)) (local.get $one))))
          (else
            (local.set $b (i32.and (i32.shr_u (local.get $word) (i32.const 0)) (i32.const 255)))
            (local.set $k (i32.lt_u (local.get $b) (local.get $T8)))
            (if (i32.eq (local.get $b) (local.get $T8)) (then (local.set $k (call $tie (local.get $x) (local.get $y) (local.get $z) (local.get $w) (local.get $state) (local.get $Tlow)))
              (local.set $x (i32.load offset=0 (local.get $state))) (local.set $y (i32.load offset=4 (local.get $state)))
              (local.set $z (i32.load offset=8 (local.get $state))) (local.set $w (i32.load offset=12 (local.get $state)))))
            (i64.store offset=0 (local.get $D) (i64.mul (i64.extend_i32_u (local.get $k)) (i64.const 0x3ff0000000000000)))
            (local.set $b (i32.and (i32.shr_u (local.get $word) (i32.const 8)) (i32.const 255)))
            (local.set $k (i32.lt_u (local.get $b) (local.get $T8)))
            (if (i32.eq (local.get $b) (local.get $T8)) (then (local.set $k (call $tie (local.get $x) (local.get $y) (local.get $z) (local.get $w) (local.get $state) (local.get $Tlow)))
              (local.set $x (i32.load offset=0 (local.get $state))) (local.set $y (i32.load offset=4 (local.get $state)))
              (local.set $z (i32.load offset=8 (local.get $state))) (local.set $w (i32.load offset=12 (local.get $state)))))
            (i64.store offset=8 (local.get $D) (i64.mul (i64.extend_i32_u (local.get $k)) (i64.const 0x3ff0000000000000)))
            (local.set $b (i32.and (i32.shr_u (local.get $word) (i32.const 16)) (i32.const 255)))
            (local.set $k (i32.lt_u (local.get $b) (local.get $T8)))
            (if (i32.eq (local.get $b) (local.get $T8)) (then (local.set $k (call $tie (local.get $x) (local.get $y) (local.get $z) (local.get $w) (local.get $state) (local.get $Tlow)))
              (local.set $x (i32.load offset=0 (local.get $state))) (local.set $y (i32.load offset=4 (local.get $state)))
              (local.set $z (i32.load offset=8 (local.get $state))) (local.set $w (i32.load offset=12 (local.get $state)))))
            (i64.store offset=16 (local.get $D) (i64.mul (i64.extend_i32_u (local.get $k)) (i64.const 0x3ff0000000000000)))
            (local.set $b (i32.and (i32.shr_u (local.get $word) (i32.const 24)) (i32.const 255)))
            (local.set $k (i32.lt_u (local.get $b) (local.get $T8)))
            (if (i32.eq (local.get $b) (local.get $T8)) (then (local.set $k (call $tie (local.get $x) (local.get $y) (local.get $z) (local.get $w) (local.get $state) (local.get $Tlow)))
              (local.set $x (i32.load offset=0 (local.get $state))) (local.set $y (i32.load offset=4 (local.get $state)))
              (local.set $z (i32.load offset=8 (local.get $state))) (local.set $w (i32.load offset=12 (local.get $state)))))
            (i64.store offset=24 (local.get $D) (i64.mul (i64.extend_i32_u (local.get $k)) (i64.const 0x3ff0000000000000)))))
        (local.set $D (i32.add (local.get $D) (i32.const 32)))
        (br $words)))
    ;; The last count % 4 entries, from one more word.
    (if (i32.lt_u (local.get $D) (local.get $end))
      (then
        (local.set $t (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 11))))
        (local.set $x (local.get $y)) (local.set $y (local.get $z)) (local.set $z (local.get $w))
        (local.set $w (i32.xor (i32.xor (local.get $w) (i32.shr_u (local.get $w) (i32.const 19)))
                               (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 8)))))
        (local.set $word (local.get $w))
        (block $tail_done
          (loop $tail
            (br_if $tail_done (i32.ge_u (local.get $D) (local.get $end)))
        (local.set $b (i32.and (i32.shr_u (local.get $word) (local.get $shift)) (i32.const 255)))
        (local.set $k (i32.lt_u (local.get $b) (local.get $T8)))
        (if (i32.eq (local.get $b) (local.get $T8)) (then (local.set $k (call $tie (local.get $x) (local.get $y) (local.get $z) (local.get $w) (local.get $state) (local.get $Tlow)))
          (local.set $x (i32.load offset=0 (local.get $state))) (local.set $y (i32.load offset=4 (local.get $state)))
          (local.set $z (i32.load offset=8 (local.get $state))) (local.set $w (i32.load offset=12 (local.get $state)))))
        (i64.store offset=0 (local.get $D) (i64.mul (i64.extend_i32_u (local.get $k)) (i64.const 0x3ff0000000000000)))
            (local.set $shift (i32.add (local.get $shift) (i32.const 8)))
            (local.set $D (i32.add (local.get $D) (i32.const 8)))
            (br $tail)))))
    (i32.store offset=0 (local.get $state) (local.get $x))
    (i32.store offset=4 (local.get $state) (local.get $y))
    (i32.store offset=8 (local.get $state) (local.get $z))
    (i32.store offset=12 (local.get $state) (local.get $w)))

  ;; A tie of fill_mask (1 in 256): one more xorshift128 step from (x, y, z, w);
  ;; writes the new state to $state and returns whether the word's top 24 bits are below Tlow.
  (func $tie (param $x i32) (param $y i32) (param $z i32) (param $w i32) (param $state i32) (param $Tlow i32) (result i32)
    (local $t i32) (local $next i32)
    (local.set $t (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 11))))
    (local.set $next (i32.xor (i32.xor (local.get $w) (i32.shr_u (local.get $w) (i32.const 19)))
                              (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 8)))))
    (i32.store offset=0 (local.get $state) (local.get $y))
    (i32.store offset=4 (local.get $state) (local.get $z))
    (i32.store offset=8 (local.get $state) (local.get $w))
    (i32.store offset=12 (local.get $state) (local.get $next))
    (i32.lt_u (i32.shr_u (local.get $next) (i32.const 8)) (local.get $Tlow)))

  ;; e^x by fdlibm's __ieee754_exp (the algorithm, constants and operation
  ;; order V8's Math.exp uses, with V8's exp(1) = Math.E), so sigmoid below
  ;; matches the JavaScript 1 / (1 + Math.exp(-z)) bit for bit
  ;; (test/kernels.test.ts checks this on random and special values).
  (func $exp (param $x f64) (result f64)
    (local $hx i32) (local $xsb i32) (local $k i32) (local $hi f64) (local $lo f64)
    (local $t f64) (local $c f64) (local $y f64)
    (local.set $hx (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))
    (local.set $xsb (i32.shr_u (local.get $hx) (i32.const 31)))
    (local.set $hx (i32.and (local.get $hx) (i32.const 0x7fffffff)))
    ;; |x| >= 709.78…: NaN, ±∞, overflow, underflow.
    (if (i32.ge_u (local.get $hx) (i32.const 0x40862E42))
      (then
        (if (f64.ne (local.get $x) (local.get $x)) (then (return (f64.add (local.get $x) (local.get $x)))))
        (if (i32.ge_u (local.get $hx) (i32.const 0x7ff00000))
          (then (return (select (local.get $x) (f64.const 0) (i32.eqz (local.get $xsb))))))
        (if (f64.gt (local.get $x) (f64.const 7.09782712893383973096e+02))
          (then (return (f64.mul (f64.const 1.0e+300) (f64.const 1.0e+300)))))
        (if (f64.lt (local.get $x) (f64.const -7.45133219101941108420e+02))
          (then (return (f64.mul (f64.const 9.33263618503218878990e-302) (f64.const 9.33263618503218878990e-302)))))))
    ;; V8 returns Math.E for exactly 1 (fdlibm's result is one ulp above).
    (if (f64.eq (local.get $x) (f64.const 1)) (then (return (f64.const 2.718281828459045))))
    ;; Argument reduction: x = k·ln2 + r, |r| <= 0.5·ln2, r = hi − lo.
    (if (i32.gt_u (local.get $hx) (i32.const 0x3fd62e42))
      (then
        (if (i32.lt_u (local.get $hx) (i32.const 0x3FF0A2B2))
          (then
            (if (local.get $xsb)
              (then
                (local.set $hi (f64.add (local.get $x) (f64.const 6.93147180369123816490e-01)))
                (local.set $lo (f64.const -1.90821492927058770002e-10))
                (local.set $k (i32.const -1)))
              (else
              (local.set $hi (f64.sub (local.get $x) (f64.const 6.93147180369123816490e-01)))
              (local.set $lo (f64.const 1.90821492927058770002e-10))
              (local.set $k (i32.const 1)))))
          (else
            (local.set $k (i32.trunc_f64_s
            (f64.add (f64.mul (f64.const 1.44269504088896338700e+00) (local.get $x))
                     (select (f64.const -0.5) (f64.const 0.5) (local.get $xsb)))))
            (local.set $t (f64.convert_i32_s (local.get $k)))
            (local.set $hi (f64.sub (local.get $x) (f64.mul (local.get $t) (f64.const 6.93147180369123816490e-01))))
            (local.set $lo (f64.mul (local.get $t) (f64.const 1.90821492927058770002e-10)))))
        (local.set $x (f64.sub (local.get $hi) (local.get $lo))))
      (else
        (if (i32.lt_u (local.get $hx) (i32.const 0x3e300000))
          (then (return (f64.add (f64.const 1) (local.get $x)))))
        (local.set $k (i32.const 0))))
    ;; The polynomial on the reduced range.
    (local.set $t (f64.mul (local.get $x) (local.get $x)))
    (local.set $c (f64.sub (local.get $x)
      (f64.mul (local.get $t)
        (f64.add (f64.const 1.66666666666666019037e-01)
          (f64.mul (local.get $t)
            (f64.add (f64.const -2.77777777770155933842e-03)
            (f64.mul (local.get $t)
              (f64.add (f64.const 6.61375632143793436117e-05)
                (f64.mul (local.get $t)
                  (f64.add (f64.const -1.65339022054652515390e-06)
                    (f64.mul (local.get $t) (f64.const 4.13813679705723846039e-08))))))))))))
    (if (i32.eqz (local.get $k))
      (then
        (return (f64.sub (f64.const 1)
          (f64.sub (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (local.get $c) (f64.const 2))) (local.get $x))))))
    (local.set $y (f64.sub (f64.const 1)
      (f64.sub (f64.sub (local.get $lo) (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (f64.const 2) (local.get $c))))
             (local.get $hi))))
    ;; Scale by 2^k: add k to the exponent field.
    (if (i32.ge_s (local.get $k) (i32.const -1021))
      (then
        (return (f64.reinterpret_i64 (i64.add (i64.reinterpret_f64 (local.get $y))
          (i64.shl (i64.extend_i32_s (local.get $k)) (i64.const 52)))))))
    (f64.mul
      (f64.reinterpret_i64 (i64.add (i64.reinterpret_f64 (local.get $y))
        (i64.shl (i64.extend_i32_s (i32.add (local.get $k) (i32.const 1000))) (i64.const 52))))
      (f64.const 9.33263618503218878990e-302)))

  ;; e^x for two lanes at once, equal lane by lane to $exp, for |x| <= 708
  ;; (the caller sends other lanes, and NaN, to $exp). fdlibm's three ranges
  ;; share one formula here: with k = 0, hi = x and lo = 0, the general
  ;; 1 − ((lo − x·c/(2 − c)) − hi) is bit for bit its k = 0 formula, and for
  ;; 0.5·ln2 < |x| < 1.5·ln2 the general k = trunc(x/ln2 ± 0.5) is ±1 with the
  ;; same hi and lo. Tiny |x| < 2⁻²⁸ gives 1 + x, as there.
  (func $exp2 (param $x v128) (result v128)
    (local $abits v128) (local $kf v128) (local $hi v128) (local $lo v128) (local $t v128) (local $c v128) (local $y v128)
    (local.set $abits (v128.and (local.get $x) (i64x2.splat (i64.const 0x7fffffffffffffff))))
    ;; k = trunc(x·(1/ln2) ± 0.5) where |x| > 0.5·ln2 (high word above 0x3fd62e42), else 0.
    (local.set $kf (f64x2.trunc (f64x2.add
      (f64x2.mul (local.get $x) (f64x2.splat (f64.const 1.44269504088896338700e+00)))
      (v128.or (f64x2.splat (f64.const 0.5)) (v128.and (local.get $x) (i64x2.splat (i64.const 0x8000000000000000)))))))
    (local.set $kf (v128.and (local.get $kf)
      (i64x2.gt_s (local.get $abits) (i64x2.splat (i64.const 0x3fd62e42ffffffff)))))
    (local.set $hi (f64x2.sub (local.get $x) (f64x2.mul (local.get $kf) (f64x2.splat (f64.const 6.93147180369123816490e-01)))))
    (local.set $lo (f64x2.mul (local.get $kf) (f64x2.splat (f64.const 1.90821492927058770002e-10))))
    (local.set $x (f64x2.sub (local.get $hi) (local.get $lo)))
    (local.set $t (f64x2.mul (local.get $x) (local.get $x)))
    (local.set $c (f64x2.sub (local.get $x)
      (f64x2.mul (local.get $t)
        (f64x2.add (f64x2.splat (f64.const 1.66666666666666019037e-01))
          (f64x2.mul (local.get $t)
            (f64x2.add (f64x2.splat (f64.const -2.77777777770155933842e-03))
            (f64x2.mul (local.get $t)
              (f64x2.add (f64x2.splat (f64.const 6.61375632143793436117e-05))
                (f64x2.mul (local.get $t)
                  (f64x2.add (f64x2.splat (f64.const -1.65339022054652515390e-06))
                    (f64x2.mul (local.get $t) (f64x2.splat (f64.const 4.13813679705723846039e-08)))))))))))))
    (local.set $y (f64x2.sub (f64x2.splat (f64.const 1))
      (f64x2.sub
        (f64x2.sub (local.get $lo)
          (f64x2.div (f64x2.mul (local.get $x) (local.get $c)) (f64x2.sub (f64x2.splat (f64.const 2)) (local.get $c))))
        (local.get $hi))))
    ;; Scale by 2^k: add k to the exponent field (k >= −1021 for x >= −708).
    (local.set $y (i64x2.add (local.get $y)
      (i64x2.shl (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $kf))) (i32.const 52))))
    ;; Tiny |x| (high word below 0x3e300000): 1 + x. Then V8's exp(1) = Math.E.
    (local.set $y (v128.bitselect
      (f64x2.add (f64x2.splat (f64.const 1)) (local.get $hi))
      (local.get $y)
      (i64x2.lt_s (local.get $abits) (i64x2.splat (i64.const 0x3e30000000000000)))))
    (v128.bitselect (f64x2.splat (f64.const 2.718281828459045)) (local.get $y)
      (f64x2.eq (local.get $hi) (f64x2.splat (f64.const 1)))))

  ;; A[i] = 1 / (1 + e^(−Z[i])) for i < count: two at a time with $exp2 where
  ;; both |z| <= 708, else (and for an odd last one) with $exp.
  (func (export "sigmoid") (param $Z i32) (param $A i32) (param $count i32)
    (local $end i32) (local $x v128) (local $e v128)
    (local.set $end (i32.add (local.get $Z) (i32.shl (local.get $count) (i32.const 3))))
    (block $pairs_done
      (loop $pairs
        (br_if $pairs_done (i32.gt_u (i32.add (local.get $Z) (i32.const 16)) (local.get $end)))
        (local.set $x (f64x2.neg (v128.load (local.get $Z))))
        (if (i32.eqz (i64x2.all_true (f64x2.le (f64x2.abs (local.get $x)) (f64x2.splat (f64.const 708)))))
          (then
            (local.set $e (f64x2.splat (call $exp (f64x2.extract_lane 0 (local.get $x)))))
            (local.set $e (f64x2.replace_lane 1 (local.get $e) (call $exp (f64x2.extract_lane 1 (local.get $x))))))
          (else (local.set $e (call $exp2 (local.get $x)))))
        (v128.store (local.get $A) (f64x2.div (f64x2.splat (f64.const 1)) (f64x2.add (f64x2.splat (f64.const 1)) (local.get $e))))
        (local.set $Z (i32.add (local.get $Z) (i32.const 16)))
        (local.set $A (i32.add (local.get $A) (i32.const 16)))
        (br $pairs)))
    (if (i32.lt_u (local.get $Z) (local.get $end))
      (then
        (f64.store (local.get $A)
          (f64.div (f64.const 1) (f64.add (f64.const 1) (call $exp (f64.neg (f64.load (local.get $Z))))))))))

  ;; For the tests: e^x as above.
  (func (export "exp") (param $x f64) (result f64) (call $exp (local.get $x)))
)
