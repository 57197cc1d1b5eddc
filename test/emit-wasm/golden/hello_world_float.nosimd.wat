(module
 (type $0 (func))
 (memory $0 1 1)
 (data $0 (i32.const 192) "…constants…")
 (data $0.1 (i32.const 292) "…constants…")
 (data $0.2 (i32.const 336) "…constants…")
 (data $0.3 (i32.const 1440) "…constants…")
 (export "memory" (memory $0))
 (export "run" (func $run))
 (func $fully_connected_0
  (local $0 f32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local.set $1
   (i32.const 64)
  )
  (local.set $2
   (i32.const 128)
  )
  (loop $L2
   (local.set $3
    (i32.const 192)
   )
   (local.set $4
    (i32.const 0)
   )
   (loop $L1
    (local.set $0
     (f32.const 0)
    )
    (local.set $5
     (local.get $2)
    )
    (local.set $6
     (i32.const 0)
    )
    (loop $L0
     (local.set $0
      (f32.add
       (local.get $0)
       (f32.mul
        (f32.load
         (local.get $5)
        )
        (f32.load
         (local.get $3)
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
     (local.set $3
      (i32.add
       (local.get $3)
       (i32.const 4)
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
    (f32.store
     (local.get $1)
     (select
      (f32.const 0)
      (local.tee $0
       (f32.add
        (local.get $0)
        (f32.load
         (i32.add
          (i32.shl
           (local.get $4)
           (i32.const 2)
          )
          (i32.const 256)
         )
        )
       )
      )
      (f32.lt
       (local.get $0)
       (f32.const 0)
      )
     )
    )
    (local.set $1
     (i32.add
      (local.get $1)
      (i32.const 4)
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
     (i32.const 4)
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
  (local $0 f32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local.set $1
   (i32.const 128)
  )
  (local.set $2
   (i32.const 64)
  )
  (loop $L2
   (local.set $3
    (i32.const 336)
   )
   (local.set $4
    (i32.const 0)
   )
   (loop $L1
    (local.set $0
     (f32.const 0)
    )
    (local.set $5
     (local.get $2)
    )
    (local.set $6
     (i32.const 0)
    )
    (loop $L0
     (local.set $0
      (f32.add
       (local.get $0)
       (f32.mul
        (f32.load
         (local.get $5)
        )
        (f32.load
         (local.get $3)
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
     (local.set $3
      (i32.add
       (local.get $3)
       (i32.const 4)
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
    (f32.store
     (local.get $1)
     (select
      (f32.const 0)
      (local.tee $0
       (f32.add
        (local.get $0)
        (f32.load
         (i32.add
          (i32.shl
           (local.get $4)
           (i32.const 2)
          )
          (i32.const 1360)
         )
        )
       )
      )
      (f32.lt
       (local.get $0)
       (f32.const 0)
      )
     )
    )
    (local.set $1
     (i32.add
      (local.get $1)
      (i32.const 4)
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
    (i32.sub
     (local.get $2)
     (i32.const -64)
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
  (local $4 f32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local.set $0
   (i32.const 64)
  )
  (local.set $1
   (i32.const 128)
  )
  (loop $L2
   (local.set $2
    (i32.const 1440)
   )
   (local.set $3
    (i32.const 0)
   )
   (loop $L1
    (local.set $4
     (f32.const 0)
    )
    (local.set $5
     (local.get $1)
    )
    (local.set $6
     (i32.const 0)
    )
    (loop $L0
     (local.set $4
      (f32.add
       (local.get $4)
       (f32.mul
        (f32.load
         (local.get $5)
        )
        (f32.load
         (local.get $2)
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
     (local.set $2
      (i32.add
       (local.get $2)
       (i32.const 4)
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
    (f32.store
     (local.get $0)
     (f32.add
      (local.get $4)
      (f32.load
       (i32.add
        (i32.shl
         (local.get $3)
         (i32.const 2)
        )
        (i32.const 1504)
       )
      )
     )
    )
    (local.set $0
     (i32.add
      (local.get $0)
      (i32.const 4)
     )
    )
    (br_if $L1
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
   (local.set $1
    (i32.sub
     (local.get $1)
     (i32.const -64)
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
