/**
 * Oracle models on RV32IMC (virt) and AArch64 Cortex-A53/A76 (qemu-user): every shared model that fits the
 * test board, all oracle cases, equal to TFLite Micro's outputs.
 */
import { deviceOracleTests } from '../helpers/device-oracle-tests.js';

deviceOracleTests(['riscv32', 'cortex-a53', 'cortex-a76']);
