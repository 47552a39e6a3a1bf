import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toDiagnostics, formatDiagnostic } from '../diagnostics.ts';

// clang's own output lines (as clang 22 prints them with -fno-caret-diagnostics) mapped to MSVC's codes.
test('clang messages map to MSVC codes and wording', () => {
  const src = ['int f(void) {', '  int unused = 3;', '  return x', '}'];
  const stderr = [
    "/p/Driver.c:3:10: error: use of undeclared identifier 'x'",
    "/p/Driver.c:3:11: error: expected ';' after return statement",
    "/p/Driver.c:2:7: warning: unused variable 'unused' [-Wunused-variable]",
    "/p/Driver.c:9:3: error: too few arguments to function call, expected 2, have 1",
    "/p/Driver.h:4:6: note: 'Foo' declared here",
    "/p/Driver.c:1:1: warning: some new clang warning [-Wsomething]",
  ].join('\n');
  const d = toDiagnostics(stderr, (_f, l) => src[l - 1]);
  assert.deepEqual(d.map((x) => [x.code, x.severity, x.line, x.column]), [
    ['C2065', 'error', 3, 10], ['C2143', 'error', 3, 11], ['C4189', 'warning', 2, 7], ['C2198', 'error', 9, 3], ['clang', 'warning', 1, 1]]);
  assert.equal(formatDiagnostic(d[0]), "/p/Driver.c(3,10): error C2065: 'x': undeclared identifier");
  assert.equal(d[1].message, "syntax error: missing ';' before '}'");
  assert.equal(d[3].message, "'Foo': too few arguments for call");
  assert.equal(d[4].message, 'some new clang warning [-Wsomething]');
  assert.equal(formatDiagnostic({ file: 'Driver.obj', line: 0, column: 0, severity: 'error', code: 'LNK2019', message: 'm' }), 'Driver.obj : error LNK2019: m');
});
