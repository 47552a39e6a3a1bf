// The text a stopped system shows (Windows 10's stop screen, with the technical line Windows adds when
// CrashControl\DisplayParameters is set): the stop code, what failed, and the code with its four parameters.
// The machine's screen and the debugger's banner both use these lines.
import type { BugCheck } from './bugcheck.ts';

const hex64 = (v: bigint) => '0x' + BigInt.asUintN(64, v).toString(16).toUpperCase().padStart(16, '0');

/** `code` is the bugcheck's number (from bugcodes.h); `percent` how far the dump is written. */
export function blueScreenText(b: BugCheck, code: number, percent = 100): string[] {
  const lines = [
    ':(',
    '',
    'Your device ran into a problem and needs to restart. We\'re just',
    'collecting some error info, and then we\'ll restart for you.',
    '',
    `${Math.max(0, Math.min(100, Math.round(percent)))}% complete`,
    '',
    'For more information about this issue and possible fixes, visit https://www.windows.com/stopcode',
    '',
    'If you call a support person, give them this info:',
    `Stop code: ${b.code}`,
  ];
  if (b.driver) lines.push(`What failed: ${b.driver}`);
  lines.push('', `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')} (${b.params.map(hex64).join(', ')})`);
  return lines;
}
