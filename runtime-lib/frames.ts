/**
 * The frame stack of split functions (compiler/emit/frames.ts): the locals that a function too
 * large for V8's optimizing compiler shares with the functions split off it live here, in
 * typed arrays, instead of in a closure context that V8 would allocate at every call (QuickJS's
 * interpreter function allocated about 1.4 KB of context per call) and box doubles in.
 *
 * One stack serves every module and instance: calls nest, so frames are pushed and popped in
 * order. A split function takes `slots` from `sp32` (i32 values and i64 halves) and from `sp64`
 * (f32 and f64 values) on entry and gives them back in a `finally`. The arrays never move, so
 * generated code may hold them in locals; running out of them is stack exhaustion.
 */
import { Trap } from './trap.js';

/** 4 Mi i32 slots (16 MiB) and 1 Mi f64 slots (8 MiB) of address space; pages never touched are never committed. */
const I32_SLOTS = 1 << 22;
const F64_SLOTS = 1 << 20;

export class FrameStack {
  readonly i32 = new Int32Array(I32_SLOTS);
  readonly f64 = new Float64Array(F64_SLOTS);
  sp32 = 0;
  sp64 = 0;

  /** A frame did not fit: restores the stack pointers (the frame was not entered) and traps. */
  overflow(fp32: number, fp64: number): never {
    this.sp32 = fp32;
    this.sp64 = fp64;
    throw new Trap('CallStackExhausted');
  }
}

let stack: FrameStack | undefined;

/** The frame stack, made at the first request (only modules with split functions ask). */
export function frameStack(): FrameStack {
  return (stack ??= new FrameStack());
}
