/**
 * Oracle models on Cortex-M55 with MVE (mps3-an547) and Cortex-M0+ code (mps2-an385): every shared model that fits the
 * test board, all oracle cases, equal to TFLite Micro's outputs.
 */
import { deviceOracleTests } from '../helpers/device-oracle-tests.js';

deviceOracleTests(['cortex-m55', 'cortex-m0plus']);
