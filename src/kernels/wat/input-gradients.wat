  ;; Part of the kernels module (src/kernels/kernels.wat, which has the conventions): input_gradients, dA = Wᵀ·dZ back through dropout and ReLU.

  ;; dA = Wᵀ·dZ; when flags & 1, dA·D / keepProb (dropout); when flags & 2,
  ;; dZ_prev = dA where Z_prev > 0, else 0 (ReLU).
  ;; W (n, k), dZ (n, m) -> dA, D, Z_prev, dZ_prev (k, m).
  ;; Row p of dA is column p of W times dZ: $dot_rows with W's columns as its
  ;; rows, two at a time, each pair then taken back through dropout and ReLU
  ;; while still in cache; dropout with fewer than 8 rows of W: $input_gradients_one_row.
  (func (export "input_gradients")
    (param $W i32) (param $dZ i32) (param $n i32) (param $k i32) (param $m i32) (param $dA i32)
    (param $D i32) (param $keep f64) (param $Zp i32) (param $dZp i32) (param $flags i32)
    (local $p i32) (local $rows i32) (local $o i32)
    (if (i32.and (i32.and (local.get $flags) (i32.const 1)) (i32.lt_u (local.get $n) (i32.const 8)))
      (then
        (call $input_gradients_one_row (local.get $W) (local.get $dZ) (local.get $n) (local.get $k) (local.get $m) (local.get $dA)
          (local.get $D) (local.get $keep) (local.get $Zp) (local.get $dZp) (local.get $flags))
        (return)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $rows (select (i32.const 2) (i32.const 1) (i32.lt_u (i32.add (local.get $p) (i32.const 1)) (local.get $k))))
        (local.set $o (i32.shl (i32.mul (local.get $p) (local.get $m)) (i32.const 3)))
        (call $dot_rows
          (i32.add (local.get $W) (i32.shl (local.get $p) (i32.const 3))) (i32.shl (local.get $k) (i32.const 3))
          (i32.const 8) (local.get $dZ) (local.get $n) (local.get $m)
          (i32.add (local.get $dA) (local.get $o)) (i32.const 0) (local.get $rows))
        (if (local.get $flags)
          (then
            (call $dropout_relu_back (i32.add (local.get $dA) (local.get $o)) (i32.add (local.get $D) (local.get $o))
              (i32.add (local.get $Zp) (local.get $o)) (i32.add (local.get $dZp) (local.get $o))
              (i32.mul (local.get $rows) (local.get $m)) (local.get $flags) (local.get $keep))))
        (local.set $p (i32.add (local.get $p) (local.get $rows)))
        (br $pairs))))

  ;; Back through dropout and ReLU, for i < count: when flags & 1,
  ;; dA[i] = dA[i]·D[i] / keep; when flags & 2, dZ_prev[i] = dA[i] where
  ;; Z_prev[i] > 0, else 0 (the compare gives all-ones or all-zeros bits).
  (func $dropout_relu_back (param $dA i32) (param $D i32) (param $Zp i32) (param $dZp i32)
    (param $count i32) (param $flags i32) (param $keep f64)
    (local $end i32) (local $v v128) (local $s f64)
    (local.set $end (i32.add (local.get $dA) (i32.shl (i32.and (local.get $count) (i32.const -2)) (i32.const 3))))
    (if (i32.eq (local.get $flags) (i32.const 2))
      (then
        ;; ReLU alone, the common case: 8 values a step.
        (block $done8
          (loop $l8
            (br_if $done8 (i32.gt_u (i32.add (local.get $dA) (i32.const 64)) (local.get $end)))
            (v128.store offset=0 (local.get $dZp)
              (v128.and (v128.load offset=0 (local.get $dA)) (f64x2.gt (v128.load offset=0 (local.get $Zp)) (v128.const i64x2 0 0))))
            (v128.store offset=16 (local.get $dZp)
              (v128.and (v128.load offset=16 (local.get $dA)) (f64x2.gt (v128.load offset=16 (local.get $Zp)) (v128.const i64x2 0 0))))
            (v128.store offset=32 (local.get $dZp)
              (v128.and (v128.load offset=32 (local.get $dA)) (f64x2.gt (v128.load offset=32 (local.get $Zp)) (v128.const i64x2 0 0))))
            (v128.store offset=48 (local.get $dZp)
              (v128.and (v128.load offset=48 (local.get $dA)) (f64x2.gt (v128.load offset=48 (local.get $Zp)) (v128.const i64x2 0 0))))
            (local.set $dA (i32.add (local.get $dA) (i32.const 64)))
            (local.set $Zp (i32.add (local.get $Zp) (i32.const 64)))
            (local.set $dZp (i32.add (local.get $dZp) (i32.const 64)))
            (br $l8)))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $dA) (local.get $end)))
        (local.set $v (v128.load (local.get $dA)))
        (if (i32.and (local.get $flags) (i32.const 1))
          (then
            (local.set $v (f64x2.div (f64x2.mul (local.get $v) (v128.load (local.get $D))) (f64x2.splat (local.get $keep))))
            (v128.store (local.get $dA) (local.get $v))))
        (if (i32.and (local.get $flags) (i32.const 2))
          (then (v128.store (local.get $dZp) (v128.and (local.get $v) (f64x2.gt (v128.load (local.get $Zp)) (v128.const i64x2 0 0))))))
        (local.set $dA (i32.add (local.get $dA) (i32.const 16)))
        (local.set $D (i32.add (local.get $D) (i32.const 16)))
        (local.set $Zp (i32.add (local.get $Zp) (i32.const 16)))
        (local.set $dZp (i32.add (local.get $dZp) (i32.const 16)))
        (br $l)))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (local.set $s (f64.load (local.get $dA)))
        (if (i32.and (local.get $flags) (i32.const 1))
          (then
            (local.set $s (f64.div (f64.mul (local.get $s) (f64.load (local.get $D))) (local.get $keep)))
            (f64.store (local.get $dA) (local.get $s))))
        (if (i32.and (local.get $flags) (i32.const 2))
          (then (f64.store (local.get $dZp) (select (local.get $s) (f64.const 0) (f64.gt (f64.load (local.get $Zp)) (f64.const 0)))))))))

  ;; input_gradients one row of dA at a time, everything fused (see
  ;; $forward_one_row): for dropout with a short inner loop (few rows of W).
  (func $input_gradients_one_row
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
