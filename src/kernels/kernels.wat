;; The WebAssembly backend's kernels in SIMD (f64x2): the same computations
;; as linearForward, weightGradients, inputGradients, sigmoid and fillMask of
;; the JavaScript backend in src/kernels/js.ts (see there for the maths).
;;
;; The functions live in the files of src/kernels/wat/, one idea each; the
;; `;; include FILE` lines below name them, in module order.
;;
;; Build: `node src/kernels/build.mjs` puts the included files in place of
;; their lines and turns the result into src/kernels/module.ts (the bytes as
;; base64); the generated file is committed, so `npm run build` needs no
;; WebAssembly tools.
;;
;; Conventions: every matrix is row-major float64; every pointer is a byte
;; offset into the imported memory; sizes are counts. The memory belongs to
;; one WasmKernels instance (src/kernels/wasm.ts); a Workspace
;; (src/network/workspace.ts) made for that backend places all its buffers in it.
;;
;; Summation order: forward_layer and input_gradients sum each output
;; sequentially over the inner index, exactly like the reference loops (the
;; two SIMD lanes hold two different outputs). weight_gradients sums over the
;; long dimension m, so its lanes hold the even and odd terms, added at the end
;; (four lanes for the last k % 4 rows of A_prev; test/helpers/wasm-sums.ts
;; writes the order out). Register blocking (two output rows at a time) only
;; changes which sums run side by side, never the order within one: the
;; results are the same bits whatever the blocking.
(module
  (import "env" "memory" (memory 1))

  ;; include forward.wat
  ;; include weight-gradients.wat
  ;; include input-gradients.wat
  ;; include dot.wat
  ;; include masks.wat
  ;; include sigmoid.wat
)
