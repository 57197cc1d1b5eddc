/**
 * Oracle models on Cortex-M4 (mps2-an386) and Cortex-M7 (mps2-an500): every shared model that fits the
 * test board, all oracle cases, equal to TFLite Micro's outputs.
 */
import { deviceOracleTests } from '../helpers/device-oracle-tests.js';

deviceOracleTests(['cortex-m4', 'cortex-m7']);
