import type { ExportFormat, Exporter } from './format.js';
import { exportSafetensors } from './safetensors.js';
import { exportCsv } from './csv.js';
import { exportTfjs } from './tfjs.js';
import { exportOnnx } from './onnx.js';

/**
 * The export formats, by name. Each builds its files from the model file alone, except CSV: from
 * the model file alone it gives the loss history; its codes and per-item errors need the model's
 * data (exportCsvWithData in csv.ts, which the CLI calls).
 */
export const exporters: Record<ExportFormat, Exporter> = {
  safetensors: exportSafetensors,
  csv: exportCsv,
  tfjs: exportTfjs,
  onnx: exportOnnx,
};
