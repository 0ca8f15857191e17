  ;; Part of the kernels module (src/kernels/kernels.wat, which has the conventions): fill_mask, the fresh dropout masks.

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
