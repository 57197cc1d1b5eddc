/**
 * Every name the generated C exports, derived from one sanitised stem so
 * two bundles can be linked into one firmware without clashes: functions
 * and weight arrays are `<stem>_…`, macros `<STEM>_…`. Nothing here comes
 * from tensor or op names.
 */
import { cIdentifier } from './writer.js';

export interface BundleNames {
  /** Lower-case C identifier stem; also the bundle's folder and file names. */
  stem: string;
  /** The stem in upper case, for macros. */
  macro: string;
  /** The array holding constant tensor `tensorIndex`. */
  weight(tensorIndex: number): string;
  /** The array holding data kernel parameter `param` derived for op `opIndex`. */
  derived(opIndex: number, param: string): string;
}

/** Stems the runtime's own `ingot_` names could collide with get a prefix. */
export function bundleStem(modelName: string): string {
  const stem = cIdentifier(modelName);
  return stem === 'ingot' || stem.startsWith('ingot_') ? `model_${stem}` : stem;
}

export function bundleNames(stem: string): BundleNames {
  return {
    stem,
    macro: stem.toUpperCase(),
    weight: (t) => `${stem}_w${t}`,
    derived: (op, param) => `${stem}_op${op}_${param}`,
  };
}
