/** The quantization benchmark (accuracy and weight bytes per mode) as a bench section. */
import { benchQuant } from './quant.js';
import type { BenchSection } from './section.js';

export const quantSection: BenchSection = {
  id: 'quant',
  title: 'Post-training quantization: accuracy and weight bytes per mode',
  async run(out) {
    out(await benchQuant());
  },
};
