  ;; Part of the kernels module (src/kernels/kernels.wat, which has the conventions): sigmoid, and the e^x it needs (one and two lanes).

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
