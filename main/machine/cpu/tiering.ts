// How V8 tiers up translated code. Translated functions are re-entered at every slice (a preempted loop resumes
// through a new call), and a function's first optimized code is compiled before code after its loops ever ran, so
// the first loop exit deopts it ("insufficient type feedback") and V8 discards it. With on-stack replacement each
// later call then runs its loop in the OSR code compiled early, which is measured ~2x slower than the function's
// own optimized code (-O0 CRC32: 16.8 → 8.8 ms), and V8 re-optimizes the function itself only after hundreds of
// calls. Without OSR a discarded function runs one slice unoptimized and is re-optimized at once. A loop that runs
// long in ONE call never tiers up without OSR, but translated code never does that (every slice is a new call).
// V8 flags are process-wide: this also turns OSR off for the rest of the process that hosts a processor.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-use-osr');
