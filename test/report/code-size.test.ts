/**
 * The code-size model reads the bundle's own source and headers by path,
 * the way the library build finds them: a model whose name is also the
 * name of another file in the bundle (`main`, beside the example's
 * example/main.c; `ingot_runtime`, beside runtime/ingot_runtime.h) is
 * estimated exactly as the same model under another name.
 */
import test from 'ava';
import { compile } from '../../compiler/compile.js';
import { importModel } from '../../compiler/import/index.js';
import { modelBytes, oracleEntry } from '../helpers/oracle.js';

const ID = 'tflm-hello-world__hello_world_int8';

for (const target of ['host', 'cortex-m4']) {
  test(`${target}: a model named like another file of its bundle gets the same size estimate`, (t) => {
    const estimate = (name: string): number => compile(importModel(modelBytes(oracleEntry(ID)), 'hello'), { target, name }).sizes.codeBytesEstimate;
    const reference = estimate('hello');
    for (const name of ['main', 'ingot_runtime', 'board', 'startup']) t.is(estimate(name), reference, name);
  });
}
