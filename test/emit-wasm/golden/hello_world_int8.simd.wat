(module
 (type $0 (func))
 (type $1 (func (param i32 i32 i32 i32 i32 i32)))
 (memory $0 1 1)
 (data $0 (i32.const 160) "…constants…")
 (data $1 (i32.const 448) "…constants…")
 (data $2 (i32.const 768) "…constants…")
 (data $3 (i32.const 833) "…constants…")
 (data $3.1 (i32.const 1376) "…constants…")
 (data $3.2 (i32.const 1392) "…constants…")
 (export "memory" (memory $0))
 (export "run" (func $run))
 (start $widen_weights)
 (func $widen_run (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (param $4 i32) (param $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local $8 i32)
  (local $9 i32)
  (if
   (i32.gt_s
    (local.get $3)
    (i32.const 0)
   )
   (then
    (loop $L2
     (local.set $8
      (i32.const 0)
     )
     (if
      (i32.gt_s
       (local.get $4)
       (i32.const 0)
      )
      (then
       (loop $L1
        (local.set $6
         (local.get $2)
        )
        (local.set $9
         (i32.const 0)
        )
        (if
         (i32.gt_s
          (local.get $5)
          (i32.const 0)
         )
         (then
          (loop $L0
           (v128.store align=1
            (local.get $1)
            (i16x8.mul
             (v128.load8x8_s align=1
              (local.get $0)
             )
             (v128.load align=1
              (local.get $6)
             )
            )
           )
           (local.set $0
            (i32.add
             (local.get $0)
             (i32.const 8)
            )
           )
           (local.set $1
            (i32.add
             (local.get $1)
             (i32.const 16)
            )
           )
           (local.set $6
            (i32.add
             (local.get $6)
             (i32.const 16)
            )
           )
           (br_if $L0
            (i32.lt_s
             (local.tee $9
              (i32.add
               (local.get $9)
               (i32.const 1)
              )
             )
             (local.get $5)
            )
           )
          )
         )
        )
        (br_if $L1
         (i32.lt_s
          (local.tee $8
           (i32.add
            (local.get $8)
            (i32.const 1)
           )
          )
          (local.get $4)
         )
        )
       )
      )
     )
     (local.set $2
      (local.get $6)
     )
     (br_if $L2
      (i32.lt_s
       (local.tee $7
        (i32.add
         (local.get $7)
         (i32.const 1)
        )
       )
       (local.get $3)
      )
     )
    )
   )
  )
 )
 (func $widen_weights
  (call $widen_run
   (i32.const 160)
   (i32.const 128)
   (i32.const 832)
   (i32.const 2)
   (i32.const 1)
   (i32.const 2)
  )
  (call $widen_run
   (i32.const 448)
   (i32.const 192)
   (i32.const 1088)
   (i32.const 2)
   (i32.const 8)
   (i32.const 2)
  )
  (call $widen_run
   (i32.const 768)
   (i32.const 704)
   (i32.const 1344)
   (i32.const 1)
   (i32.const 8)
   (i32.const 1)
  )
 )
 (func $fully_connected_0
  (local $0 i32)
  (local $1 v128)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 v128)
  (local $7 i32)
  (local $8 v128)
  (local $9 i32)
  (local $10 v128)
  (local.set $8
   (v128.xor
    (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000)
    (i32x4.splat
     (i32.sub
      (memory.size)
      (i32.const 1)
     )
    )
   )
  )
  (loop $L2
   (v128.store align=1
    (i32.const 64)
    (v128.load8x8_s align=1
     (i32.add
      (local.get $3)
      (i32.const 80)
     )
    )
   )
   (local.set $4
    (i32.const 128)
   )
   (local.set $0
    (i32.const 896)
   )
   (local.set $5
    (i32.add
     (i32.shl
      (local.get $3)
      (i32.const 4)
     )
     (i32.const 96)
    )
   )
   (local.set $9
    (i32.const 0)
   )
   (loop $L1
    (local.set $1
     (v128.load
      (local.get $0)
     )
    )
    (local.set $6
     (v128.load offset=48
      (local.get $0)
     )
    )
    (local.set $2
     (local.get $4)
    )
    (local.set $7
     (i32.const 64)
    )
    (loop $L0
     (local.set $1
      (i32x4.add
       (local.get $1)
       (i32x4.dot_i16x8_s
        (local.tee $10
         (v128.load32_splat
          (local.get $7)
         )
        )
        (v128.load align=1
         (local.get $2)
        )
       )
      )
     )
     (local.set $6
      (i32x4.add
       (local.get $6)
       (i32x4.dot_i16x8_s
        (local.get $10)
        (v128.load offset=16 align=1
         (local.get $2)
        )
       )
      )
     )
     (local.set $2
      (i32.add
       (local.get $2)
       (i32.const 32)
      )
     )
     (br_if $L0
      (i32.lt_s
       (local.tee $7
        (i32.add
         (local.get $7)
         (i32.const 4)
        )
       )
       (i32.const 68)
      )
     )
    )
    (v128.store64_lane align=1 0
     (local.get $5)
     (i8x16.narrow_i16x8_s
      (local.tee $1
       (i16x8.narrow_i32x4_s
        (i32x4.sub
         (f32x4.add
          (f32x4.mul
           (f32x4.convert_i32x4_s
            (local.get $1)
           )
           (v128.load offset=16
            (local.get $0)
           )
          )
          (v128.load offset=32
           (local.get $0)
          )
         )
         (local.get $8)
        )
        (i32x4.sub
         (f32x4.add
          (f32x4.mul
           (f32x4.convert_i32x4_s
            (local.get $6)
           )
           (v128.load offset=64
            (local.get $0)
           )
          )
          (v128.load offset=80
           (local.get $0)
          )
         )
         (local.get $8)
        )
       )
      )
      (local.get $1)
     )
    )
    (local.set $4
     (i32.add
      (local.get $4)
      (i32.const 32)
     )
    )
    (local.set $0
     (i32.add
      (local.get $0)
      (i32.const 96)
     )
    )
    (local.set $5
     (i32.add
      (local.get $5)
      (i32.const 8)
     )
    )
    (br_if $L1
     (i32.lt_s
      (local.tee $9
       (i32.add
        (local.get $9)
        (i32.const 1)
       )
      )
      (i32.const 2)
     )
    )
   )
   (br_if $L2
    (i32.le_s
     (local.tee $3
      (i32.add
       (local.get $3)
       (i32.const 1)
      )
     )
     (i32.const 0)
    )
   )
  )
 )
 (func $fully_connected_1
  (local $0 i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 v128)
  (local $4 i32)
  (local $5 v128)
  (local $6 i32)
  (local $7 v128)
  (local $8 i32)
  (local $9 i32)
  (local $10 v128)
  (local.set $7
   (v128.xor
    (v128.const i32x4 0x4b400000 0x4b400000 0x4b400000 0x4b400000)
    (i32x4.splat
     (i32.sub
      (memory.size)
      (i32.const 1)
     )
    )
   )
  )
  (loop $L2
   (v128.store align=1
    (i32.const 64)
    (v128.load8x8_s align=1
     (local.tee $2
      (i32.add
       (local.tee $1
        (i32.shl
         (local.get $8)
         (i32.const 4)
        )
       )
       (i32.const 96)
      )
     )
    )
   )
   (v128.store align=1
    (i32.const 80)
    (v128.load8x8_s offset=8 align=1
     (local.get $2)
    )
   )
   (local.set $2
    (i32.const 192)
   )
   (local.set $0
    (i32.const 1152)
   )
   (local.set $4
    (i32.add
     (local.get $1)
     (i32.const 112)
    )
   )
   (local.set $9
    (i32.const 0)
   )
   (loop $L1
    (local.set $3
     (v128.load
      (local.get $0)
     )
    )
    (local.set $5
     (v128.load offset=48
      (local.get $0)
     )
    )
    (local.set $1
     (local.get $2)
    )
    (local.set $6
     (i32.const 64)
    )
    (loop $L0
     (local.set $3
      (i32x4.add
       (local.get $3)
       (i32x4.dot_i16x8_s
        (local.tee $10
         (v128.load32_splat
          (local.get $6)
         )
        )
        (v128.load align=1
         (local.get $1)
        )
       )
      )
     )
     (local.set $5
      (i32x4.add
       (local.get $5)
       (i32x4.dot_i16x8_s
        (local.get $10)
        (v128.load offset=16 align=1
         (local.get $1)
        )
       )
      )
     )
     (local.set $1
      (i32.add
       (local.get $1)
       (i32.const 32)
      )
     )
     (br_if $L0
      (i32.lt_s
       (local.tee $6
        (i32.add
         (local.get $6)
         (i32.const 4)
        )
       )
       (i32.const 96)
      )
     )
    )
    (v128.store64_lane align=1 0
     (local.get $4)
     (i8x16.narrow_i16x8_s
      (local.tee $3
       (i16x8.narrow_i32x4_s
        (i32x4.sub
         (f32x4.add
          (f32x4.mul
           (f32x4.convert_i32x4_s
            (local.get $3)
           )
           (v128.load offset=16
            (local.get $0)
           )
          )
          (v128.load offset=32
           (local.get $0)
          )
         )
         (local.get $7)
        )
        (i32x4.sub
         (f32x4.add
          (f32x4.mul
           (f32x4.convert_i32x4_s
            (local.get $5)
           )
           (v128.load offset=64
            (local.get $0)
           )
          )
          (v128.load offset=80
           (local.get $0)
          )
         )
         (local.get $7)
        )
       )
      )
      (local.get $3)
     )
    )
    (local.set $2
     (i32.add
      (local.get $2)
      (i32.const 256)
     )
    )
    (local.set $0
     (i32.add
      (local.get $0)
      (i32.const 96)
     )
    )
    (local.set $4
     (i32.add
      (local.get $4)
      (i32.const 8)
     )
    )
    (br_if $L1
     (i32.lt_s
      (local.tee $9
       (i32.add
        (local.get $9)
        (i32.const 1)
       )
      )
      (i32.const 2)
     )
    )
   )
   (br_if $L2
    (i32.le_s
     (local.tee $8
      (i32.add
       (local.get $8)
       (i32.const 1)
      )
     )
     (i32.const 0)
    )
   )
  )
 )
 (func $fully_connected_2
  (local $0 v128)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 v128)
  (loop $L2
   (v128.store align=1
    (i32.const 64)
    (v128.load8x8_s align=1
     (local.tee $1
      (i32.add
       (i32.shl
        (local.get $2)
        (i32.const 4)
       )
       (i32.const 112)
      )
     )
    )
   )
   (v128.store align=1
    (i32.const 80)
    (v128.load8x8_s offset=8 align=1
     (local.get $1)
    )
   )
   (local.set $0
    (v128.load
     (i32.const 1360)
    )
   )
   (local.set $1
    (i32.const 704)
   )
   (local.set $3
    (i32.const 64)
   )
   (loop $L1
    (local.set $0
     (i32x4.add
      (local.get $0)
      (i32x4.dot_i16x8_s
       (v128.load32_splat
        (local.get $3)
       )
       (v128.load align=1
        (local.get $1)
       )
      )
     )
    )
    (local.set $1
     (i32.add
      (local.get $1)
      (i32.const 16)
     )
    )
    (br_if $L1
     (i32.lt_s
      (local.tee $3
       (i32.add
        (local.get $3)
        (i32.const 4)
       )
      )
      (i32.const 96)
     )
    )
   )
   (v128.store8_lane 0
    (i32.add
     (local.get $2)
     (i32.const 96)
    )
    (i8x16.narrow_i16x8_s
     (local.tee $0
      (i16x8.narrow_i32x4_s
       (local.tee $0
        (i32x4.shr_s
         (i32x4.add
          (i32x4.add
           (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
            (i64x2.extmul_low_i32x4_s
             (local.get $0)
             (local.tee $4
              (v128.load
               (i32.const 1376)
              )
             )
            )
            (i64x2.extmul_high_i32x4_s
             (local.get $0)
             (local.get $4)
            )
           )
           (v128.load
            (i32.const 1408)
           )
          )
          (v128.and
           (i32x4.shr_s
            (local.get $0)
            (i32.const 31)
           )
           (v128.load
            (i32.const 1424)
           )
          )
         )
         (i32.const 6)
        )
       )
       (local.get $0)
      )
     )
     (local.get $0)
    )
   )
   (br_if $L2
    (i32.le_s
     (local.tee $2
      (i32.add
       (local.get $2)
       (i32.const 1)
      )
     )
     (i32.const 0)
    )
   )
  )
 )
 (func $run
  (call $fully_connected_0)
  (call $fully_connected_1)
  (call $fully_connected_2)
 )
)
