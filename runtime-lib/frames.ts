/**
 * The frame stack of split functions (compiler/emit/frames.ts): the locals that a function too
 * large for V8's optimizing compiler shares with the functions split off it live here, in
 * typed arrays, instead of in a closure context that V8 would allocate at every call (QuickJS's
 * interpreter function allocated about 1.4 KB of context per call) and box doubles in.
 *
 * One stack serves every module and instance: calls nest, so frames are pushed and popped in
 * order. A split function takes an even number of 32-bit slots from `sp` on entry and gives
 * them back in a `finally`: its i32 values and i64 halves at `i32[fp + k]`, then its f32 and
 * f64 values at `f64[(fp >> 1) + k]` (the two views share one buffer). The arrays never move,
 * so generated code may hold them in locals; running out of them is stack exhaustion.
 */
import { Trap } from './trap.js';

/** 4 Mi 32-bit slots (16 MiB) of address space; pages never touched are never committed. */
const SLOTS = 1 << 22;

export class FrameStack {
  private readonly buffer = new ArrayBuffer(SLOTS * 4);
  readonly i32 = new Int32Array(this.buffer);
  readonly f64 = new Float64Array(this.buffer);
  /** The first free 32-bit slot; always even, so that f64 slots are aligned. */
  sp = 0;

  /** A frame did not fit: restores the stack pointer (the frame was not entered) and traps. */
  overflow(fp: number): never {
    this.sp = fp;
    throw new Trap('CallStackExhausted');
  }
}

let stack: FrameStack | undefined;

/** The frame stack, made at the first request (only modules with split functions ask). */
export function frameStack(): FrameStack {
  return (stack ??= new FrameStack());
}
