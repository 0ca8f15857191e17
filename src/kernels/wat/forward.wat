  ;; Part of the kernels module (src/kernels/kernels.wat, which has the conventions): forward_layer, Z = W·A + b and the layer's activation.

  ;; Z = W·A + b; then, when flags & 1, A_out = Z, with ReLU when flags & 2,
  ;; times D / keepProb when flags & 4.
  ;; W (n, k), A (k, m), b (n) -> Z, A_out, D (n, m).
  ;; Two rows of Z at a time ($dot_rows), each pair then activated while still
  ;; in cache; dropout with fewer than 8 terms per sum: $forward_one_row.
  (func (export "forward_layer")
    (param $W i32) (param $A i32) (param $b i32) (param $n i32) (param $k i32) (param $m i32)
    (param $Z i32) (param $Aout i32) (param $flags i32) (param $D i32) (param $keep f64)
    (local $i i32) (local $rows i32) (local $o i32)
    (if (i32.and (i32.eq (i32.and (local.get $flags) (i32.const 5)) (i32.const 5)) (i32.lt_u (local.get $k) (i32.const 8)))
      (then
        (call $forward_one_row (local.get $W) (local.get $A) (local.get $b) (local.get $n) (local.get $k) (local.get $m)
          (local.get $Z) (local.get $Aout) (local.get $flags) (local.get $D) (local.get $keep))
        (return)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $rows (select (i32.const 2) (i32.const 1) (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $n))))
        (local.set $o (i32.shl (i32.mul (local.get $i) (local.get $m)) (i32.const 3)))
        (call $dot_rows
          (i32.add (local.get $W) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 3))) (i32.const 8)
          (i32.shl (local.get $k) (i32.const 3)) (local.get $A) (local.get $k) (local.get $m)
          (i32.add (local.get $Z) (local.get $o)) (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 3))) (local.get $rows))
        (if (i32.and (local.get $flags) (i32.const 1))
          (then
            (call $activate (i32.add (local.get $Z) (local.get $o)) (i32.add (local.get $Aout) (local.get $o))
              (i32.add (local.get $D) (local.get $o)) (i32.mul (local.get $rows) (local.get $m)) (local.get $flags) (local.get $keep))))
        (local.set $i (i32.add (local.get $i) (local.get $rows)))
        (br $pairs))))

  ;; A[i] = Z[i] (flags & 2: ReLU'd; flags & 4: times D[i] / keep) for i < count.
  ;; pmax(0, z) = 0 < z ? z : 0, the ReLU of the reference loops.
  (func $activate (param $Z i32) (param $A i32) (param $D i32) (param $count i32) (param $flags i32) (param $keep f64)
    (local $end i32) (local $v v128) (local $s f64)
    (local.set $end (i32.add (local.get $Z) (i32.shl (i32.and (local.get $count) (i32.const -2)) (i32.const 3))))
    (if (i32.eq (local.get $flags) (i32.const 3))
      (then
        ;; ReLU alone, the common case: 8 values a step, then pairs.
        (block $done8
          (loop $l8
            (br_if $done8 (i32.gt_u (i32.add (local.get $Z) (i32.const 64)) (local.get $end)))
            (v128.store offset=0 (local.get $A) (f64x2.pmax (v128.const i64x2 0 0) (v128.load offset=0 (local.get $Z))))
            (v128.store offset=16 (local.get $A) (f64x2.pmax (v128.const i64x2 0 0) (v128.load offset=16 (local.get $Z))))
            (v128.store offset=32 (local.get $A) (f64x2.pmax (v128.const i64x2 0 0) (v128.load offset=32 (local.get $Z))))
            (v128.store offset=48 (local.get $A) (f64x2.pmax (v128.const i64x2 0 0) (v128.load offset=48 (local.get $Z))))
            (local.set $Z (i32.add (local.get $Z) (i32.const 64)))
            (local.set $A (i32.add (local.get $A) (i32.const 64)))
            (br $l8)))
        (block $done
          (loop $l
            (br_if $done (i32.ge_u (local.get $Z) (local.get $end)))
            (v128.store (local.get $A) (f64x2.pmax (v128.const i64x2 0 0) (v128.load (local.get $Z))))
            (local.set $Z (i32.add (local.get $Z) (i32.const 16)))
            (local.set $A (i32.add (local.get $A) (i32.const 16)))
            (br $l))))
      (else
        (block $done
          (loop $l
            (br_if $done (i32.ge_u (local.get $Z) (local.get $end)))
            (local.set $v (v128.load (local.get $Z)))
            (if (i32.and (local.get $flags) (i32.const 2)) (then (local.set $v (f64x2.pmax (v128.const i64x2 0 0) (local.get $v)))))
            (if (i32.and (local.get $flags) (i32.const 4))
              (then
                (local.set $v (f64x2.div (f64x2.mul (local.get $v) (v128.load (local.get $D))) (f64x2.splat (local.get $keep))))
                (local.set $D (i32.add (local.get $D) (i32.const 16)))))
            (v128.store (local.get $A) (local.get $v))
            (local.set $Z (i32.add (local.get $Z) (i32.const 16)))
            (local.set $A (i32.add (local.get $A) (i32.const 16)))
            (br $l)))))
    ;; An odd last value.
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (local.set $s (f64.load (local.get $Z)))
        (if (i32.and (local.get $flags) (i32.const 2))
          (then (local.set $s (select (local.get $s) (f64.const 0) (f64.gt (local.get $s) (f64.const 0))))))
        (if (i32.and (local.get $flags) (i32.const 4))
          (then (local.set $s (f64.div (f64.mul (local.get $s) (f64.load (local.get $D))) (local.get $keep)))))
        (f64.store (local.get $A) (local.get $s)))))

  ;; forward_layer one row at a time, everything fused: the sums, bias, ReLU
  ;; and dropout of 8 columns while they are in registers. For dropout with a
  ;; short inner loop, where the divisions by keepProb, not the sums, set the
  ;; pace, and overlap the rest of the work here.
  (func $forward_one_row
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
