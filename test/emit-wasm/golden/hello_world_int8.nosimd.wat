(module
 (type $0 (func))
 (type $1 (func (param i32 i32 i32) (result i32)))
 (memory $0 1 1)
 (data $0 (i32.const 128) "…constants…")
 (data $0.1 (i32.const 224) "…constants…")
 (data $0.2 (i32.const 560) "…constants…")
 (export "memory" (memory $0))
 (export "run" (func $run))
 (func $fx_mbqm (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (i32.add
   (i32.shr_s
    (local.tee $0
     (select
      (i32.const 2147483647)
      (i32.wrap_i64
       (i64.shr_s
        (i64.add
         (i64.mul
          (i64.extend_i32_s
           (local.tee $0
            (i32.shl
             (local.get $0)
             (select
              (local.get $2)
              (i32.const 0)
              (i32.gt_s
               (local.get $2)
               (i32.const 0)
              )
             )
            )
           )
          )
          (i64.extend_i32_s
           (local.get $1)
          )
         )
         (i64.const 1073741824)
        )
        (i64.const 31)
       )
      )
      (i32.and
       (i32.eq
        (local.get $0)
        (i32.const -2147483648)
       )
       (i32.eq
        (local.get $1)
        (i32.const -2147483648)
       )
      )
     )
    )
    (local.tee $1
     (select
      (i32.sub
       (i32.const 0)
       (local.get $2)
      )
      (i32.const 0)
      (i32.le_s
       (local.get $2)
       (i32.const 0)
      )
     )
    )
   )
   (i32.lt_s
    (i32.add
     (i32.shr_s
      (local.tee $1
       (i32.sub
        (i32.shl
         (i32.const 1)
         (local.get $1)
        )
        (i32.const 1)
       )
      )
      (i32.const 1)
     )
     (i32.lt_s
      (local.get $0)
      (i32.const 0)
     )
    )
    (i32.and
     (local.get $0)
     (local.get $1)
    )
   )
  )
 )
 (func $fully_connected_0
  (local $0 i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local.set $1
   (i32.const 96)
  )
  (local.set $2
   (i32.const 80)
  )
  (loop $L2
   (local.set $3
    (i32.const 128)
   )
   (local.set $4
    (i32.const 0)
   )
   (loop $L1
    (local.set $5
     (i32.const 0)
    )
    (local.set $0
     (local.get $2)
    )
    (local.set $6
     (i32.const 0)
    )
    (loop $L0
     (local.set $5
      (i32.add
       (local.get $5)
       (i32.mul
        (i32.load8_s
         (local.get $3)
        )
        (i32.add
         (i32.load8_s
          (local.get $0)
         )
         (i32.const 128)
        )
       )
      )
     )
     (local.set $0
      (i32.add
       (local.get $0)
       (i32.const 1)
      )
     )
     (local.set $3
      (i32.add
       (local.get $3)
       (i32.const 1)
      )
     )
     (br_if $L0
      (i32.le_s
       (local.tee $6
        (i32.add
         (local.get $6)
         (i32.const 1)
        )
       )
       (i32.const 0)
      )
     )
    )
    (i32.store8
     (local.get $1)
     (i32.sub
      (select
       (select
        (i32.const 255)
        (local.tee $0
         (call $fx_mbqm
          (i32.add
           (local.get $5)
           (i32.load
            (i32.add
             (i32.shl
              (local.get $4)
              (i32.const 2)
             )
             (i32.const 144)
            )
           )
          )
          (i32.const 2039655759)
          (i32.const -7)
         )
        )
        (i32.gt_s
         (local.get $0)
         (i32.const 255)
        )
       )
       (i32.const 0)
       (i32.ge_s
        (local.get $0)
        (i32.const 0)
       )
      )
      (i32.const 128)
     )
    )
    (local.set $1
     (i32.add
      (local.get $1)
      (i32.const 1)
     )
    )
    (br_if $L1
     (i32.lt_s
      (local.tee $4
       (i32.add
        (local.get $4)
        (i32.const 1)
       )
      )
      (i32.const 16)
     )
    )
   )
   (local.set $2
    (i32.add
     (local.get $2)
     (i32.const 1)
    )
   )
   (br_if $L2
    (i32.le_s
     (local.tee $7
      (i32.add
       (local.get $7)
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
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local.set $1
   (i32.const 112)
  )
  (local.set $2
   (i32.const 96)
  )
  (loop $L2
   (local.set $3
    (i32.const 224)
   )
   (local.set $4
    (i32.const 0)
   )
   (loop $L1
    (local.set $5
     (i32.const 0)
    )
    (local.set $0
     (local.get $2)
    )
    (local.set $6
     (i32.const 0)
    )
    (loop $L0
     (local.set $5
      (i32.add
       (local.get $5)
       (i32.mul
        (i32.load8_s
         (local.get $3)
        )
        (i32.add
         (i32.load8_s
          (local.get $0)
         )
         (i32.const 128)
        )
       )
      )
     )
     (local.set $0
      (i32.add
       (local.get $0)
       (i32.const 1)
      )
     )
     (local.set $3
      (i32.add
       (local.get $3)
       (i32.const 1)
      )
     )
     (br_if $L0
      (i32.lt_s
       (local.tee $6
        (i32.add
         (local.get $6)
         (i32.const 1)
        )
       )
       (i32.const 16)
      )
     )
    )
    (i32.store8
     (local.get $1)
     (i32.sub
      (select
       (select
        (i32.const 255)
        (local.tee $0
         (call $fx_mbqm
          (i32.add
           (local.get $5)
           (i32.load
            (i32.add
             (i32.shl
              (local.get $4)
              (i32.const 2)
             )
             (i32.const 480)
            )
           )
          )
          (i32.const 1561796740)
          (i32.const -6)
         )
        )
        (i32.gt_s
         (local.get $0)
         (i32.const 255)
        )
       )
       (i32.const 0)
       (i32.ge_s
        (local.get $0)
        (i32.const 0)
       )
      )
      (i32.const 128)
     )
    )
    (local.set $1
     (i32.add
      (local.get $1)
      (i32.const 1)
     )
    )
    (br_if $L1
     (i32.lt_s
      (local.tee $4
       (i32.add
        (local.get $4)
        (i32.const 1)
       )
      )
      (i32.const 16)
     )
    )
   )
   (local.set $2
    (i32.add
     (local.get $2)
     (i32.const 16)
    )
   )
   (br_if $L2
    (i32.le_s
     (local.tee $7
      (i32.add
       (local.get $7)
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
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local.set $1
   (i32.const 96)
  )
  (local.set $2
   (i32.const 112)
  )
  (loop $L2
   (local.set $3
    (i32.const 560)
   )
   (local.set $4
    (i32.const 0)
   )
   (loop $L1
    (local.set $5
     (i32.const 0)
    )
    (local.set $0
     (local.get $2)
    )
    (local.set $6
     (i32.const 0)
    )
    (loop $L0
     (local.set $5
      (i32.add
       (local.get $5)
       (i32.mul
        (i32.load8_s
         (local.get $3)
        )
        (i32.add
         (i32.load8_s
          (local.get $0)
         )
         (i32.const 128)
        )
       )
      )
     )
     (local.set $0
      (i32.add
       (local.get $0)
       (i32.const 1)
      )
     )
     (local.set $3
      (i32.add
       (local.get $3)
       (i32.const 1)
      )
     )
     (br_if $L0
      (i32.lt_s
       (local.tee $6
        (i32.add
         (local.get $6)
         (i32.const 1)
        )
       )
       (i32.const 16)
      )
     )
    )
    (i32.store8
     (local.get $1)
     (i32.add
      (select
       (i32.const -133)
       (select
        (i32.const 122)
        (local.tee $0
         (call $fx_mbqm
          (i32.add
           (local.get $5)
           (i32.load
            (i32.add
             (i32.shl
              (local.get $4)
              (i32.const 2)
             )
             (i32.const 576)
            )
           )
          )
          (i32.const 1630361784)
          (i32.const -5)
         )
        )
        (i32.gt_s
         (local.get $0)
         (i32.const 122)
        )
       )
       (i32.lt_s
        (local.get $0)
        (i32.const -133)
       )
      )
      (i32.const 5)
     )
    )
    (local.set $1
     (i32.add
      (local.get $1)
      (i32.const 1)
     )
    )
    (br_if $L1
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
   (local.set $2
    (i32.add
     (local.get $2)
     (i32.const 16)
    )
   )
   (br_if $L2
    (i32.le_s
     (local.tee $7
      (i32.add
       (local.get $7)
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
