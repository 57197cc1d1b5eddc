(module
 (type $0 (func))
 (memory $0 1 1)
 (data $0 (i32.const 96) "…constants…")
 (data $0.1 (i32.const 1280) "…constants…")
 (data $0.2 (i32.const 1312) "…constants…")
 (data $0.3 (i32.const 1328) "…constants…")
 (data $0.4 (i32.const 1344) "…constants…")
 (export "memory" (memory $0))
 (export "run" (func $run))
 (func $fully_connected_0
  (local $0 v128)
  (local $1 v128)
  (local $2 v128)
  (local $3 i32)
  (local $4 i32)
  (local $5 v128)
  (local $6 v128)
  (local $7 i32)
  (local $8 i32)
  (local $9 v128)
  (local.set $3
   (i32.const 224)
  )
  (local.set $4
   (i32.const 96)
  )
  (loop $L1
   (local.set $0
    (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
   )
   (local.set $1
    (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
   )
   (local.set $5
    (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
   )
   (local.set $2
    (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
   )
   (local.set $7
    (i32.const 0)
   )
   (loop $L0
    (local.set $0
     (i32x4.add
      (local.get $0)
      (i32x4.dot_i16x8_s
       (local.tee $6
        (v128.load8x8_s align=1
         (i32.add
          (local.get $7)
          (i32.const 80)
         )
        )
       )
       (v128.load8x8_s align=1
        (local.get $4)
       )
      )
     )
    )
    (local.set $1
     (i32x4.add
      (local.get $1)
      (i32x4.dot_i16x8_s
       (local.get $6)
       (v128.load8x8_s offset=8 align=1
        (local.get $4)
       )
      )
     )
    )
    (local.set $5
     (i32x4.add
      (local.get $5)
      (i32x4.dot_i16x8_s
       (local.get $6)
       (v128.load8x8_s offset=16 align=1
        (local.get $4)
       )
      )
     )
    )
    (local.set $2
     (i32x4.add
      (local.get $2)
      (i32x4.dot_i16x8_s
       (local.get $6)
       (v128.load8x8_s offset=24 align=1
        (local.get $4)
       )
      )
     )
    )
    (local.set $4
     (i32.add
      (local.get $4)
      (i32.const 32)
     )
    )
    (br_if $L0
     (i32.lt_s
      (local.tee $7
       (i32.add
        (local.get $7)
        (i32.const 8)
       )
      )
      (i32.const 8)
     )
    )
   )
   (v128.store32_lane align=1 0
    (i32.sub
     (i32.shl
      (local.get $8)
      (i32.const 2)
     )
     (i32.const -64)
    )
    (i8x16.narrow_i16x8_s
     (local.tee $0
      (i16x8.add_sat_s
       (i16x8.narrow_i32x4_s
        (i32x4.shr_s
         (i32x4.add
          (i32x4.add
           (local.tee $2
            (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
             (i64x2.shr_u
              (i64x2.extmul_low_i32x4_s
               (local.tee $2
                (i32x4.add
                 (i32x4.add
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                   (local.tee $1
                    (local.tee $6
                     (i32x4.add
                      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
                       (local.get $0)
                       (local.get $1)
                      )
                      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
                       (local.get $0)
                       (local.get $1)
                      )
                     )
                    )
                   )
                   (local.tee $0
                    (i32x4.add
                     (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
                      (local.get $5)
                      (local.get $2)
                     )
                     (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
                      (local.get $5)
                      (local.get $2)
                     )
                    )
                   )
                  )
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
                   (local.get $1)
                   (local.get $0)
                  )
                 )
                 (local.tee $5
                  (v128.load
                   (local.get $3)
                  )
                 )
                )
               )
               (local.tee $1
                (v128.load offset=16
                 (local.get $3)
                )
               )
              )
              (i32.const 30)
             )
             (i64x2.shr_u
              (i64x2.extmul_high_i32x4_s
               (local.get $2)
               (local.get $1)
              )
              (i32.const 30)
             )
            )
           )
           (local.tee $9
            (v128.load offset=64
             (local.get $3)
            )
           )
          )
          (v128.and
           (i32x4.lt_s
            (local.get $2)
            (v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff)
           )
           (local.tee $2
            (v128.load offset=80
             (local.get $3)
            )
           )
          )
         )
         (i32.const 8)
        )
        (i32x4.shr_s
         (i32x4.add
          (i32x4.add
           (local.tee $0
            (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
             (i64x2.shr_u
              (i64x2.extmul_low_i32x4_s
               (local.tee $0
                (i32x4.add
                 (i32x4.add
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                   (local.get $6)
                   (local.get $0)
                  )
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
                   (local.get $6)
                   (local.get $0)
                  )
                 )
                 (local.get $5)
                )
               )
               (local.get $1)
              )
              (i32.const 30)
             )
             (i64x2.shr_u
              (i64x2.extmul_high_i32x4_s
               (local.get $0)
               (local.get $1)
              )
              (i32.const 30)
             )
            )
           )
           (local.get $9)
          )
          (v128.and
           (i32x4.lt_s
            (local.get $0)
            (v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff)
           )
           (local.get $2)
          )
         )
         (i32.const 8)
        )
       )
       (v128.const i32x4 0xff80ff80 0xff80ff80 0xff80ff80 0xff80ff80)
      )
     )
     (local.get $0)
    )
   )
   (local.set $3
    (i32.add
     (local.get $3)
     (i32.const 96)
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
     (i32.const 4)
    )
   )
  )
 )
 (func $fully_connected_1
  (local $0 v128)
  (local $1 i32)
  (local $2 v128)
  (local $3 v128)
  (local $4 v128)
  (local $5 i32)
  (local $6 v128)
  (local $7 v128)
  (local $8 i32)
  (local $9 i32)
  (local $10 i32)
  (local.set $5
   (i32.const 864)
  )
  (local.set $1
   (i32.const 608)
  )
  (loop $L1
   (local.set $0
    (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
   )
   (local.set $2
    (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
   )
   (local.set $4
    (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
   )
   (local.set $6
    (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
   )
   (local.set $8
    (i32.const 0)
   )
   (loop $L0
    (local.set $0
     (i32x4.add
      (i32x4.add
       (local.get $0)
       (i32x4.dot_i16x8_s
        (local.tee $3
         (v128.load8x8_s align=1
          (local.tee $10
           (i32.sub
            (local.get $8)
            (i32.const -64)
           )
          )
         )
        )
        (v128.load8x8_s align=1
         (local.get $1)
        )
       )
      )
      (i32x4.dot_i16x8_s
       (local.tee $7
        (v128.load8x8_s offset=8 align=1
         (local.get $10)
        )
       )
       (v128.load8x8_s offset=32 align=1
        (local.get $1)
       )
      )
     )
    )
    (local.set $2
     (i32x4.add
      (i32x4.add
       (local.get $2)
       (i32x4.dot_i16x8_s
        (local.get $3)
        (v128.load8x8_s offset=8 align=1
         (local.get $1)
        )
       )
      )
      (i32x4.dot_i16x8_s
       (local.get $7)
       (v128.load8x8_s offset=40 align=1
        (local.get $1)
       )
      )
     )
    )
    (local.set $4
     (i32x4.add
      (i32x4.add
       (local.get $4)
       (i32x4.dot_i16x8_s
        (local.get $3)
        (v128.load8x8_s offset=16 align=1
         (local.get $1)
        )
       )
      )
      (i32x4.dot_i16x8_s
       (local.get $7)
       (v128.load8x8_s offset=48 align=1
        (local.get $1)
       )
      )
     )
    )
    (local.set $6
     (i32x4.add
      (i32x4.add
       (local.get $6)
       (i32x4.dot_i16x8_s
        (local.get $3)
        (v128.load8x8_s offset=24 align=1
         (local.get $1)
        )
       )
      )
      (i32x4.dot_i16x8_s
       (local.get $7)
       (v128.load8x8_s offset=56 align=1
        (local.get $1)
       )
      )
     )
    )
    (local.set $1
     (i32.sub
      (local.get $1)
      (i32.const -64)
     )
    )
    (br_if $L0
     (i32.lt_s
      (local.tee $8
       (i32.add
        (local.get $8)
        (i32.const 16)
       )
      )
      (i32.const 16)
     )
    )
   )
   (v128.store32_lane align=1 0
    (i32.add
     (i32.shl
      (local.get $9)
      (i32.const 2)
     )
     (i32.const 80)
    )
    (i8x16.narrow_i16x8_s
     (local.tee $0
      (i16x8.add_sat_s
       (i16x8.narrow_i32x4_s
        (i32x4.shr_s
         (i32x4.add
          (i32x4.add
           (local.tee $3
            (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
             (i64x2.shr_u
              (i64x2.extmul_low_i32x4_s
               (local.tee $3
                (i32x4.add
                 (i32x4.add
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                   (local.tee $0
                    (local.tee $2
                     (i32x4.add
                      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
                       (local.get $0)
                       (local.get $2)
                      )
                      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
                       (local.get $0)
                       (local.get $2)
                      )
                     )
                    )
                   )
                   (local.tee $4
                    (i32x4.add
                     (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
                      (local.get $4)
                      (local.get $6)
                     )
                     (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
                      (local.get $4)
                      (local.get $6)
                     )
                    )
                   )
                  )
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
                   (local.get $0)
                   (local.get $4)
                  )
                 )
                 (local.tee $6
                  (v128.load
                   (local.get $5)
                  )
                 )
                )
               )
               (local.tee $0
                (v128.load offset=16
                 (local.get $5)
                )
               )
              )
              (i32.const 30)
             )
             (i64x2.shr_u
              (i64x2.extmul_high_i32x4_s
               (local.get $3)
               (local.get $0)
              )
              (i32.const 30)
             )
            )
           )
           (local.tee $7
            (v128.load offset=64
             (local.get $5)
            )
           )
          )
          (v128.and
           (i32x4.lt_s
            (local.get $3)
            (v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff)
           )
           (local.tee $3
            (v128.load offset=80
             (local.get $5)
            )
           )
          )
         )
         (i32.const 7)
        )
        (i32x4.shr_s
         (i32x4.add
          (i32x4.add
           (local.tee $0
            (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
             (i64x2.shr_u
              (i64x2.extmul_low_i32x4_s
               (local.tee $2
                (i32x4.add
                 (i32x4.add
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                   (local.get $2)
                   (local.get $4)
                  )
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
                   (local.get $2)
                   (local.get $4)
                  )
                 )
                 (local.get $6)
                )
               )
               (local.get $0)
              )
              (i32.const 30)
             )
             (i64x2.shr_u
              (i64x2.extmul_high_i32x4_s
               (local.get $2)
               (local.get $0)
              )
              (i32.const 30)
             )
            )
           )
           (local.get $7)
          )
          (v128.and
           (i32x4.lt_s
            (local.get $0)
            (v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff)
           )
           (local.get $3)
          )
         )
         (i32.const 7)
        )
       )
       (v128.const i32x4 0xff80ff80 0xff80ff80 0xff80ff80 0xff80ff80)
      )
     )
     (local.get $0)
    )
   )
   (local.set $5
    (i32.add
     (local.get $5)
     (i32.const 96)
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
     (i32.const 4)
    )
   )
  )
 )
 (func $fully_connected_2
  (local $0 v128)
  (local $1 i32)
  (local $2 v128)
  (local $3 v128)
  (local $4 v128)
  (local $5 v128)
  (local $6 v128)
  (local $7 i32)
  (local $8 i32)
  (local.set $1
   (i32.const 1248)
  )
  (loop $L1
   (local.set $0
    (i32x4.add
     (i32x4.add
      (local.get $0)
      (i32x4.dot_i16x8_s
       (local.tee $3
        (v128.load8x8_s align=1
         (local.tee $8
          (i32.add
           (local.get $7)
           (i32.const 80)
          )
         )
        )
       )
       (v128.load8x8_s align=1
        (local.get $1)
       )
      )
     )
     (i32x4.dot_i16x8_s
      (local.tee $4
       (v128.load8x8_s offset=8 align=1
        (local.get $8)
       )
      )
      (v128.load8x8_s offset=32 align=1
       (local.get $1)
      )
     )
    )
   )
   (local.set $5
    (i32x4.add
     (i32x4.add
      (local.get $5)
      (i32x4.dot_i16x8_s
       (local.get $3)
       (v128.load8x8_s offset=8 align=1
        (local.get $1)
       )
      )
     )
     (i32x4.dot_i16x8_s
      (local.get $4)
      (v128.load8x8_s offset=40 align=1
       (local.get $1)
      )
     )
    )
   )
   (local.set $2
    (i32x4.add
     (i32x4.add
      (local.get $2)
      (i32x4.dot_i16x8_s
       (local.get $3)
       (v128.load8x8_s offset=16 align=1
        (local.get $1)
       )
      )
     )
     (i32x4.dot_i16x8_s
      (local.get $4)
      (v128.load8x8_s offset=48 align=1
       (local.get $1)
      )
     )
    )
   )
   (local.set $6
    (i32x4.add
     (i32x4.add
      (local.get $6)
      (i32x4.dot_i16x8_s
       (local.get $3)
       (v128.load8x8_s offset=24 align=1
        (local.get $1)
       )
      )
     )
     (i32x4.dot_i16x8_s
      (local.get $4)
      (v128.load8x8_s offset=56 align=1
       (local.get $1)
      )
     )
    )
   )
   (local.set $1
    (i32.sub
     (local.get $1)
     (i32.const -64)
    )
   )
   (br_if $L1
    (i32.lt_s
     (local.tee $7
      (i32.add
       (local.get $7)
       (i32.const 16)
      )
     )
     (i32.const 16)
    )
   )
  )
  (i32.store8
   (i32.const 64)
   (i8x16.extract_lane_s 0
    (i8x16.narrow_i16x8_s
     (local.tee $0
      (i16x8.add_sat_s
       (i16x8.narrow_i32x4_s
        (i32x4.shr_s
         (i32x4.add
          (i32x4.add
           (local.tee $2
            (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
             (i64x2.shr_u
              (i64x2.extmul_low_i32x4_s
               (local.tee $2
                (i32x4.add
                 (i32x4.add
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                   (local.tee $0
                    (local.tee $3
                     (i32x4.add
                      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
                       (local.get $0)
                       (local.get $5)
                      )
                      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
                       (local.get $0)
                       (local.get $5)
                      )
                     )
                    )
                   )
                   (local.tee $4
                    (i32x4.add
                     (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
                      (local.get $2)
                      (local.get $6)
                     )
                     (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
                      (local.get $2)
                      (local.get $6)
                     )
                    )
                   )
                  )
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
                   (local.get $0)
                   (local.get $4)
                  )
                 )
                 (local.tee $5
                  (v128.load
                   (i32.const 1312)
                  )
                 )
                )
               )
               (local.tee $0
                (v128.load
                 (i32.const 1328)
                )
               )
              )
              (i32.const 30)
             )
             (i64x2.shr_u
              (i64x2.extmul_high_i32x4_s
               (local.get $2)
               (local.get $0)
              )
              (i32.const 30)
             )
            )
           )
           (local.tee $6
            (v128.load
             (i32.const 1376)
            )
           )
          )
          (v128.and
           (i32x4.lt_s
            (local.get $2)
            (v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff)
           )
           (local.tee $2
            (v128.load
             (i32.const 1392)
            )
           )
          )
         )
         (i32.const 6)
        )
        (i32x4.shr_s
         (i32x4.add
          (i32x4.add
           (local.tee $0
            (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
             (i64x2.shr_u
              (i64x2.extmul_low_i32x4_s
               (local.tee $3
                (i32x4.add
                 (i32x4.add
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                   (local.get $3)
                   (local.get $4)
                  )
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
                   (local.get $3)
                   (local.get $4)
                  )
                 )
                 (local.get $5)
                )
               )
               (local.get $0)
              )
              (i32.const 30)
             )
             (i64x2.shr_u
              (i64x2.extmul_high_i32x4_s
               (local.get $3)
               (local.get $0)
              )
              (i32.const 30)
             )
            )
           )
           (local.get $6)
          )
          (v128.and
           (i32x4.lt_s
            (local.get $0)
            (v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff)
           )
           (local.get $2)
          )
         )
         (i32.const 6)
        )
       )
       (v128.const i32x4 0x00050005 0x00050005 0x00050005 0x00050005)
      )
     )
     (local.get $0)
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
