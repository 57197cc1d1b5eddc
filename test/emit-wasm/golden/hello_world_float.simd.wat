(module
 (type $0 (func))
 (memory $0 1 1)
 (data $0 (i32.const 192) "…constants…")
 (data $0.1 (i32.const 292) "…constants…")
 (data $0.2 (i32.const 1424) "…constants…")
 (data $0.3 (i32.const 1440) "…constants…")
 (data $0.4 (i32.const 1456) "…constants…")
 (data $0.5 (i32.const 1473) "…constants…")
 (data $0.6 (i32.const 1488) "…constants…")
 (data $0.7 (i32.const 1504) "…constants…")
 (data $0.8 (i32.const 1520) "…constants…")
 (data $0.9 (i32.const 1536) "…constants…")
 (data $0.10 (i32.const 1552) "…constants…")
 (data $0.11 (i32.const 1568) "…constants…")
 (data $0.12 (i32.const 1584) "…constants…")
 (data $0.13 (i32.const 1600) "…constants…")
 (data $0.14 (i32.const 1616) "…constants…")
 (data $0.15 (i32.const 1632) "…constants…")
 (data $0.16 (i32.const 1648) "…constants…")
 (data $0.17 (i32.const 1664) "…constants…")
 (export "memory" (memory $0))
 (export "run" (func $run))
 (func $fully_connected_0
  (local $0 i32)
  (local $1 i32)
  (local $2 v128)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 v128)
  (local $7 v128)
  (local $8 v128)
  (local $9 v128)
  (local $10 i32)
  (local $11 i32)
  (local $12 v128)
  (local $13 i32)
  (local.set $2
   (v128.xor
    (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
    (i32x4.splat
     (i32.sub
      (memory.size)
      (i32.const 1)
     )
    )
   )
  )
  (loop $L10
   (local.set $3
    (i32.const 0)
   )
   (loop $L9
    (local.set $4
     (i32.const 0)
    )
    (loop $L6
     (local.set $6
      (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
     )
     (local.set $7
      (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
     )
     (local.set $8
      (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
     )
     (local.set $9
      (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
     )
     (local.set $5
      (i32.const 0)
     )
     (loop $L5
      (local.set $11
       (i32.add
        (i32.shl
         (i32.add
          (local.get $4)
          (i32.add
           (i32.add
            (local.get $3)
            (local.get $5)
           )
           (local.get $10)
          )
         )
         (i32.const 2)
        )
        (i32.const 128)
       )
      )
      (local.set $1
       (i32.add
        (i32.shl
         (local.get $5)
         (i32.const 4)
        )
        (i32.const 192)
       )
      )
      (local.set $13
       (i32.const 0)
      )
      (loop $L4
       (local.set $6
        (f32x4.add
         (local.get $6)
         (f32x4.mul
          (local.tee $12
           (v128.load32_splat
            (local.get $11)
           )
          )
          (v128.load align=4
           (local.get $1)
          )
         )
        )
       )
       (local.set $7
        (f32x4.add
         (local.get $7)
         (f32x4.mul
          (local.get $12)
          (v128.load align=4
           (local.tee $0
            (i32.add
             (local.get $1)
             (i32.const 16)
            )
           )
          )
         )
        )
       )
       (local.set $8
        (f32x4.add
         (local.get $8)
         (f32x4.mul
          (local.get $12)
          (v128.load align=4
           (i32.add
            (local.get $1)
            (i32.const 32)
           )
          )
         )
        )
       )
       (local.set $9
        (f32x4.add
         (local.get $9)
         (f32x4.mul
          (local.get $12)
          (v128.load align=4
           (i32.add
            (local.get $1)
            (i32.const 48)
           )
          )
         )
        )
       )
       (local.set $11
        (i32.add
         (local.get $11)
         (i32.const 4)
        )
       )
       (local.set $1
        (local.get $0)
       )
       (br_if $L4
        (i32.le_s
         (local.tee $13
          (i32.add
           (local.get $13)
           (i32.const 1)
          )
         )
         (i32.const 0)
        )
       )
      )
      (br_if $L5
       (i32.le_s
        (local.tee $5
         (i32.add
          (local.get $5)
          (i32.const 1)
         )
        )
        (i32.const 0)
       )
      )
     )
     (v128.store align=4
      (i32.sub
       (i32.shl
        (local.tee $0
         (i32.add
          (i32.add
           (local.get $3)
           (local.get $10)
          )
          (local.get $4)
         )
        )
        (i32.const 6)
       )
       (i32.const -64)
      )
      (f32x4.pmax
       (f32x4.add
        (local.get $6)
        (v128.load align=4
         (i32.const 256)
        )
       )
       (local.get $2)
      )
     )
     (v128.store align=4
      (i32.add
       (i32.shl
        (local.tee $0
         (i32.shl
          (local.get $0)
          (i32.const 4)
         )
        )
        (i32.const 2)
       )
       (i32.const 80)
      )
      (f32x4.pmax
       (f32x4.add
        (local.get $7)
        (v128.load align=4
         (i32.const 272)
        )
       )
       (local.get $2)
      )
     )
     (v128.store align=4
      (i32.add
       (local.tee $0
        (i32.shl
         (local.get $0)
         (i32.const 2)
        )
       )
       (i32.const 96)
      )
      (f32x4.pmax
       (f32x4.add
        (local.get $8)
        (v128.load align=4
         (i32.const 288)
        )
       )
       (local.get $2)
      )
     )
     (v128.store align=4
      (i32.add
       (local.get $0)
       (i32.const 112)
      )
      (f32x4.pmax
       (f32x4.add
        (local.get $9)
        (v128.load align=4
         (i32.const 304)
        )
       )
       (local.get $2)
      )
     )
     (br_if $L6
      (i32.le_s
       (local.tee $4
        (i32.add
         (local.get $4)
         (i32.const 1)
        )
       )
       (i32.const 0)
      )
     )
    )
    (br_if $L9
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
   (br_if $L10
    (i32.le_s
     (local.tee $10
      (i32.add
       (local.get $10)
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
  (local $1 v128)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 v128)
  (local $6 v128)
  (local $7 v128)
  (local $8 v128)
  (local $9 i32)
  (local $10 i32)
  (local $11 v128)
  (local $12 i32)
  (local.set $1
   (v128.xor
    (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
    (i32x4.splat
     (i32.sub
      (memory.size)
      (i32.const 1)
     )
    )
   )
  )
  (loop $L10
   (local.set $2
    (i32.const 0)
   )
   (loop $L9
    (local.set $3
     (i32.const 0)
    )
    (loop $L6
     (local.set $5
      (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
     )
     (local.set $6
      (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
     )
     (local.set $7
      (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
     )
     (local.set $8
      (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
     )
     (local.set $4
      (i32.const 0)
     )
     (loop $L5
      (local.set $10
       (i32.sub
        (i32.shl
         (i32.add
          (i32.add
           (i32.add
            (local.get $2)
            (local.get $4)
           )
           (local.get $9)
          )
          (local.get $3)
         )
         (i32.const 6)
        )
        (i32.const -64)
       )
      )
      (local.set $0
       (i32.add
        (i32.shl
         (local.get $4)
         (i32.const 8)
        )
        (i32.const 320)
       )
      )
      (local.set $12
       (i32.const 0)
      )
      (loop $L4
       (local.set $5
        (f32x4.add
         (local.get $5)
         (f32x4.mul
          (local.tee $11
           (v128.load32_splat
            (local.get $10)
           )
          )
          (v128.load align=4
           (local.get $0)
          )
         )
        )
       )
       (local.set $6
        (f32x4.add
         (local.get $6)
         (f32x4.mul
          (local.get $11)
          (v128.load align=4
           (i32.add
            (local.get $0)
            (i32.const 256)
           )
          )
         )
        )
       )
       (local.set $7
        (f32x4.add
         (local.get $7)
         (f32x4.mul
          (local.get $11)
          (v128.load align=4
           (i32.add
            (local.get $0)
            (i32.const 512)
           )
          )
         )
        )
       )
       (local.set $8
        (f32x4.add
         (local.get $8)
         (f32x4.mul
          (local.get $11)
          (v128.load align=4
           (i32.add
            (local.get $0)
            (i32.const 768)
           )
          )
         )
        )
       )
       (local.set $10
        (i32.add
         (local.get $10)
         (i32.const 4)
        )
       )
       (local.set $0
        (i32.add
         (local.get $0)
         (i32.const 16)
        )
       )
       (br_if $L4
        (i32.lt_s
         (local.tee $12
          (i32.add
           (local.get $12)
           (i32.const 1)
          )
         )
         (i32.const 16)
        )
       )
      )
      (br_if $L5
       (i32.le_s
        (local.tee $4
         (i32.add
          (local.get $4)
          (i32.const 1)
         )
        )
        (i32.const 0)
       )
      )
     )
     (v128.store align=4
      (i32.add
       (i32.shl
        (local.tee $0
         (i32.add
          (i32.add
           (local.get $2)
           (local.get $9)
          )
          (local.get $3)
         )
        )
        (i32.const 6)
       )
       (i32.const 128)
      )
      (f32x4.pmax
       (f32x4.add
        (local.get $5)
        (v128.load align=4
         (i32.const 1344)
        )
       )
       (local.get $1)
      )
     )
     (v128.store align=4
      (i32.add
       (i32.shl
        (local.tee $0
         (i32.shl
          (local.get $0)
          (i32.const 4)
         )
        )
        (i32.const 2)
       )
       (i32.const 144)
      )
      (f32x4.pmax
       (f32x4.add
        (local.get $6)
        (v128.load align=4
         (i32.const 1360)
        )
       )
       (local.get $1)
      )
     )
     (v128.store align=4
      (i32.add
       (local.tee $0
        (i32.shl
         (local.get $0)
         (i32.const 2)
        )
       )
       (i32.const 160)
      )
      (f32x4.pmax
       (f32x4.add
        (local.get $7)
        (v128.load align=4
         (i32.const 1376)
        )
       )
       (local.get $1)
      )
     )
     (v128.store align=4
      (i32.add
       (local.get $0)
       (i32.const 176)
      )
      (f32x4.pmax
       (f32x4.add
        (local.get $8)
        (v128.load align=4
         (i32.const 1392)
        )
       )
       (local.get $1)
      )
     )
     (br_if $L6
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
    (br_if $L9
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
   (br_if $L10
    (i32.le_s
     (local.tee $9
      (i32.add
       (local.get $9)
       (i32.const 1)
      )
     )
     (i32.const 0)
    )
   )
  )
 )
 (func $fully_connected_2
  (local $0 i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 v128)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (loop $L10
   (local.set $0
    (i32.const 0)
   )
   (loop $L9
    (local.set $1
     (i32.const 0)
    )
    (loop $L6
     (local.set $3
      (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
     )
     (local.set $2
      (i32.const 0)
     )
     (loop $L5
      (local.set $5
       (i32.add
        (i32.shl
         (i32.add
          (i32.add
           (i32.add
            (local.get $0)
            (local.get $2)
           )
           (local.get $4)
          )
          (local.get $1)
         )
         (i32.const 6)
        )
        (i32.const 128)
       )
      )
      (local.set $6
       (i32.add
        (i32.shl
         (local.get $2)
         (i32.const 8)
        )
        (i32.const 1408)
       )
      )
      (local.set $7
       (i32.const 0)
      )
      (loop $L4
       (local.set $3
        (f32x4.add
         (local.get $3)
         (f32x4.mul
          (v128.load32_splat
           (local.get $5)
          )
          (v128.load align=4
           (local.get $6)
          )
         )
        )
       )
       (local.set $5
        (i32.add
         (local.get $5)
         (i32.const 4)
        )
       )
       (local.set $6
        (i32.add
         (local.get $6)
         (i32.const 16)
        )
       )
       (br_if $L4
        (i32.lt_s
         (local.tee $7
          (i32.add
           (local.get $7)
           (i32.const 1)
          )
         )
         (i32.const 16)
        )
       )
      )
      (br_if $L5
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
     (v128.store32_lane 0
      (i32.sub
       (i32.shl
        (i32.add
         (i32.add
          (local.get $0)
          (local.get $4)
         )
         (local.get $1)
        )
        (i32.const 2)
       )
       (i32.const -64)
      )
      (f32x4.add
       (local.get $3)
       (v128.load align=4
        (i32.const 1664)
       )
      )
     )
     (br_if $L6
      (i32.le_s
       (local.tee $1
        (i32.add
         (local.get $1)
         (i32.const 1)
        )
       )
       (i32.const 0)
      )
     )
    )
    (br_if $L9
     (i32.le_s
      (local.tee $0
       (i32.add
        (local.get $0)
        (i32.const 1)
       )
      )
      (i32.const 0)
     )
    )
   )
   (br_if $L10
    (i32.le_s
     (local.tee $4
      (i32.add
       (local.get $4)
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
