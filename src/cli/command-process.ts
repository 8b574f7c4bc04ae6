import { setKernelThreads } from '../nn/kernel-threads.js';
import { setMemoryBudget } from '../runs/memory.js';
import { setSha256 } from '../data/sha256.js';
import { setPngEncoder } from '../plot/png.js';
import { nodeKernelThreads } from '../io/node-kernel-threads.js';
import { machineMemoryBudget } from '../io/memory-budget.js';
import { nodeSha256 } from '../io/node-sha256.js';
import { nodePng } from '../io/node-png.js';

/**
 * Sets up this process for a command (main.ts loads it with the command, not for --help): wide
 * layers share their products with helper threads, started when first needed; runs are sized
 * against this machine's memory before they allocate (src/runs/memory.ts); datasets and model
 * files are hashed with Node's native SHA-256, and pictures deflated by Node's zlib directly.
 */
export function setUpCommandProcess(): void {
  setKernelThreads(nodeKernelThreads());
  setMemoryBudget(machineMemoryBudget());
  setSha256(nodeSha256);
  setPngEncoder(nodePng);
}
