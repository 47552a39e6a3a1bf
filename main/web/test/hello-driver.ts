// The Hello World driver as the getting-started lab has the learner write it: the one copy in our test drivers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../toolchain/clang.ts';

export const HELLO = readFileSync(path.join(repoRoot, 'kernel', 'test', 'drivers', 'KmdfHelloWorld', 'Driver.c'), 'utf8');
