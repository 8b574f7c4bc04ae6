import { freemem, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';

/**
 * The bytes one run may take on this machine: what is free now plus a quarter of the rest (the
 * system gives some back under pressure), and never more than the JavaScript heap's limit (loss
 * histories and documents live on it) plus three quarters of the machine (typed arrays live outside).
 */
export function machineMemoryBudget(): number {
  const total = totalmem();
  return Math.min(freemem() + (total - freemem()) / 4, getHeapStatistics().heap_size_limit + 0.75 * total);
}
