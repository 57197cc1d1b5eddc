/**
 * Output folders: made level by level, and every place that cannot take
 * them is an `output/unwritable` diagnostic that names the path — including
 * procfs, where Node's own recursive mkdir never returns.
 */
import test from 'ava';
import { existsSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory, outputError } from '../../compiler/bundle/directories.js';
import { IngotError } from '../../compiler/ir/index.js';
import { scratchDir } from '../helpers/scratch.js';

const diagnosticOf = (f: () => void): { code: string; message: string } | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof IngotError) return e.diagnostic;
    throw e;
  }
  return undefined;
};

test('makeDirectory makes every missing level and accepts folders that exist', (t) => {
  const base = scratchDir('dirs-');
  const deep = join(base, 'a', 'b', 'c');
  makeDirectory(deep);
  t.true(statSync(deep).isDirectory());
  makeDirectory(deep);
  makeDirectory(base);
  t.true(statSync(deep).isDirectory());
});

test('a file or a dangling link in the way is output/unwritable, naming the folder asked for', (t) => {
  const base = scratchDir('dirs-');
  writeFileSync(join(base, 'file'), 'x');
  const underFile = diagnosticOf(() => makeDirectory(join(base, 'file', 'sub')));
  t.is(underFile?.code, 'output/unwritable');
  t.regex(underFile!.message, /^cannot create the folder '.*file\/sub': part of the path is a file, not a folder$/);
  t.is(diagnosticOf(() => makeDirectory(join(base, 'file')))?.message, `cannot create the folder '${join(base, 'file')}': it is a file`);

  symlinkSync(join(base, 'nowhere', 'at-all'), join(base, 'dangling'));
  const dangling = diagnosticOf(() => makeDirectory(join(base, 'dangling', 'out')));
  t.is(dangling?.code, 'output/unwritable');
  t.regex(dangling!.message, /'.*dangling' is a link to something that does not exist$/);
  t.false(existsSync(join(base, 'nowhere')));
});

test('a folder the file system refuses fails at once instead of looping (procfs)', (t) => {
  const d = diagnosticOf(() => makeDirectory('/proc/ingot-test/out'));
  t.is(d?.code, 'output/unwritable');
  t.regex(d!.message, /^cannot create the folder '\/proc\/ingot-test\/out': the file system refused it/);
});

test('outputError turns file-system errors into diagnostics and leaves other errors alone', (t) => {
  const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
  const d = outputError(denied, 'out/model.tar');
  t.true(d instanceof IngotError);
  t.is((d as IngotError).diagnostic.message, "cannot write 'out/model.tar': permission denied");
  const bug = new TypeError('not a file-system error');
  t.is(outputError(bug, 'x'), bug);
});
