  ;; Part of the kernels module (src/kernels/kernels.wat, which has the conventions): the products forward_layer and input_gradients share.

  ;; out[r][j] = Σ_t w_r[t]·B[t][j] (then + bias[r] when $bias is not 0), for
  ;; rows r < $rows (1 or 2) and columns j < m, each summed from 0 in the order
  ;; t = 0, 1, …, inner − 1, as the reference loops do: the blocking below
  ;; changes which sums run side by side, never the order within one.
  ;; w_r[t] is the double at $w + r·$wrow + t·$wstep; B is (inner, m); the
  ;; output rows are m apart from $out. Eight columns at a time: two rows share
  ;; each loaded vector of B (8 accumulators, 15 of x64's 16 vector registers
  ;; in the inner loop; more spill), one row uses 4; the last m % 8 columns
  ;; one at a time.
  (func $dot_rows
    (param $w i32) (param $wstep i32) (param $wrow i32) (param $B i32) (param $inner i32)
    (param $m i32) (param $out i32) (param $bias i32) (param $rows i32)
    (local $stride i32) (local $span i32) (local $j i32) (local $wp i32) (local $bp i32) (local $bend i32)
    (local $o i32) (local $r i32) (local $w0 v128) (local $w1 v128) (local $a v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128) (local $s f64)
    (local.set $stride (i32.shl (local.get $m) (i32.const 3)))
    (local.set $span (i32.mul (local.get $inner) (local.get $stride)))
    (if (i32.eq (local.get $rows) (i32.const 2))
      (then
        (block $b8_done
          (loop $b8
            (br_if $b8_done (i32.gt_s (i32.add (local.get $j) (i32.const 8)) (local.get $m)))
            (local.set $s0 (v128.const i64x2 0 0)) (local.set $s1 (v128.const i64x2 0 0))
            (local.set $s2 (v128.const i64x2 0 0)) (local.set $s3 (v128.const i64x2 0 0))
            (local.set $t0 (v128.const i64x2 0 0)) (local.set $t1 (v128.const i64x2 0 0))
            (local.set $t2 (v128.const i64x2 0 0)) (local.set $t3 (v128.const i64x2 0 0))
            (local.set $wp (local.get $w))
            (local.set $bp (i32.add (local.get $B) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $bend (i32.add (local.get $bp) (local.get $span)))
            (block $t_done
              (loop $tl
                (br_if $t_done (i32.ge_u (local.get $bp) (local.get $bend)))
                (local.set $w0 (v128.load64_splat (local.get $wp)))
                (local.set $w1 (v128.load64_splat (i32.add (local.get $wp) (local.get $wrow))))
                (local.set $a (v128.load offset=0 (local.get $bp)))
                (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $w0) (local.get $a))))
                (local.set $t0 (f64x2.add (local.get $t0) (f64x2.mul (local.get $w1) (local.get $a))))
                (local.set $a (v128.load offset=16 (local.get $bp)))
                (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $w0) (local.get $a))))
                (local.set $t1 (f64x2.add (local.get $t1) (f64x2.mul (local.get $w1) (local.get $a))))
                (local.set $a (v128.load offset=32 (local.get $bp)))
                (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $w0) (local.get $a))))
                (local.set $t2 (f64x2.add (local.get $t2) (f64x2.mul (local.get $w1) (local.get $a))))
                (local.set $a (v128.load offset=48 (local.get $bp)))
                (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $w0) (local.get $a))))
                (local.set $t3 (f64x2.add (local.get $t3) (f64x2.mul (local.get $w1) (local.get $a))))
                (local.set $wp (i32.add (local.get $wp) (local.get $wstep)))
                (local.set $bp (i32.add (local.get $bp) (local.get $stride)))
                (br $tl)))
            (if (local.get $bias)
              (then
                (local.set $w0 (v128.load64_splat (local.get $bias)))
                (local.set $w1 (v128.load64_splat offset=8 (local.get $bias)))
                (local.set $s0 (f64x2.add (local.get $s0) (local.get $w0))) (local.set $s1 (f64x2.add (local.get $s1) (local.get $w0)))
                (local.set $s2 (f64x2.add (local.get $s2) (local.get $w0))) (local.set $s3 (f64x2.add (local.get $s3) (local.get $w0)))
                (local.set $t0 (f64x2.add (local.get $t0) (local.get $w1))) (local.set $t1 (f64x2.add (local.get $t1) (local.get $w1)))
                (local.set $t2 (f64x2.add (local.get $t2) (local.get $w1))) (local.set $t3 (f64x2.add (local.get $t3) (local.get $w1)))))
            (local.set $o (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store offset=0 (local.get $o) (local.get $s0)) (v128.store offset=16 (local.get $o) (local.get $s1))
            (v128.store offset=32 (local.get $o) (local.get $s2)) (v128.store offset=48 (local.get $o) (local.get $s3))
            (local.set $o (i32.add (local.get $o) (local.get $stride)))
            (v128.store offset=0 (local.get $o) (local.get $t0)) (v128.store offset=16 (local.get $o) (local.get $t1))
            (v128.store offset=32 (local.get $o) (local.get $t2)) (v128.store offset=48 (local.get $o) (local.get $t3))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $b8))))
      (else
        (block $c8_done
          (loop $c8
            (br_if $c8_done (i32.gt_s (i32.add (local.get $j) (i32.const 8)) (local.get $m)))
            (local.set $s0 (v128.const i64x2 0 0)) (local.set $s1 (v128.const i64x2 0 0))
            (local.set $s2 (v128.const i64x2 0 0)) (local.set $s3 (v128.const i64x2 0 0))
            (local.set $wp (local.get $w))
            (local.set $bp (i32.add (local.get $B) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $bend (i32.add (local.get $bp) (local.get $span)))
            (block $u_done
              (loop $ul
                (br_if $u_done (i32.ge_u (local.get $bp) (local.get $bend)))
                (local.set $w0 (v128.load64_splat (local.get $wp)))
                (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $w0) (v128.load offset=0 (local.get $bp)))))
                (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $w0) (v128.load offset=16 (local.get $bp)))))
                (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $w0) (v128.load offset=32 (local.get $bp)))))
                (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $w0) (v128.load offset=48 (local.get $bp)))))
                (local.set $wp (i32.add (local.get $wp) (local.get $wstep)))
                (local.set $bp (i32.add (local.get $bp) (local.get $stride)))
                (br $ul)))
            (if (local.get $bias)
              (then
                (local.set $w0 (v128.load64_splat (local.get $bias)))
                (local.set $s0 (f64x2.add (local.get $s0) (local.get $w0))) (local.set $s1 (f64x2.add (local.get $s1) (local.get $w0)))
                (local.set $s2 (f64x2.add (local.get $s2) (local.get $w0))) (local.set $s3 (f64x2.add (local.get $s3) (local.get $w0)))))
            (local.set $o (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store offset=0 (local.get $o) (local.get $s0)) (v128.store offset=16 (local.get $o) (local.get $s1))
            (v128.store offset=32 (local.get $o) (local.get $s2)) (v128.store offset=48 (local.get $o) (local.get $s3))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $c8)))))
    ;; The last m % 8 columns of each row, one at a time.
    (block $r_done
      (loop $rl
        (br_if $r_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $o (local.get $j))
        (block $one_done
          (loop $one
            (br_if $one_done (i32.ge_s (local.get $o) (local.get $m)))
            (local.set $s (f64.const 0))
            (local.set $wp (i32.add (local.get $w) (i32.mul (local.get $r) (local.get $wrow))))
            (local.set $bp (i32.add (local.get $B) (i32.shl (local.get $o) (i32.const 3))))
            (local.set $bend (i32.add (local.get $bp) (local.get $span)))
            (block $v_done
              (loop $vl
                (br_if $v_done (i32.ge_u (local.get $bp) (local.get $bend)))
                (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $wp)) (f64.load (local.get $bp)))))
                (local.set $wp (i32.add (local.get $wp) (local.get $wstep)))
                (local.set $bp (i32.add (local.get $bp) (local.get $stride)))
                (br $vl)))
            (if (local.get $bias)
              (then (local.set $s (f64.add (local.get $s) (f64.load (i32.add (local.get $bias) (i32.shl (local.get $r) (i32.const 3))))))))
            (f64.store (i32.add (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $stride))) (i32.shl (local.get $o) (i32.const 3)))
              (local.get $s))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $one)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rl))))
