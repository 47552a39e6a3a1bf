// A target's checkpoints as a learner uses them in `driverlab play` (Hyper-V's Checkpoint-VM / Get-VMSnapshot /
// Restore-VMSnapshot): a file written at the target's prompt, a checkpoint, the file changed, the checkpoint applied
// and the file as it was; a checkpoint of a target bugchecked by the Crash lab's driver comes back bugchecked, and an
// earlier good checkpoint brings the prompt back; one taken while the debugger held the target is applied from its
// saved disk, and says so. Wrong names are said and the scenario goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { playWithCrashy } from './play.ts';

const SCENARIO = `host> build Crashy
host> new-target MyTestComputer
host> cable net host MyTestComputer
host> provision MyTestComputer net port=50000 key=1.2.3.4
MyTestComputer> echo one > C:\\a.txt
host> checkpoint MyTestComputer Before change
host> checkpoints MyTestComputer
MyTestComputer> echo two > C:\\a.txt
MyTestComputer> type C:\\a.txt
host> restore MyTestComputer "Before change"
MyTestComputer> type C:\\a.txt
host> checkpoint MyTestComputer before CHANGE
host> restore MyTestComputer Nope
host> checkpoints Nobody
host> deploy Crashy MyTestComputer --copy-only
MyTestComputer> reg add HKLM\\SYSTEM\\CurrentControlSet\\Control\\CrashControl /v AutoReboot /t REG_DWORD /d 0 /f
MyTestComputer> sc create Crashy type= kernel binPath= C:\\DriverTest\\Drivers\\Crashy.sys
MyTestComputer> sc start Crashy
host> checkpoint MyTestComputer Crashed
host> apply-checkpoint MyTestComputer Before change
MyTestComputer> type C:\\a.txt
host> restore MyTestComputer Crashed
host> checkpoints MyTestComputer
host> restore MyTestComputer Before change
MyTestComputer> echo after the crash
host> windbg -k net:port=50000,key=1.2.3.4
kd> Ctrl+Break
host> checkpoint MyTestComputer In the debugger
kd> g
MyTestComputer> echo three > C:\\a.txt
host> restore MyTestComputer In the debugger
MyTestComputer> type C:\\a.txt
`;

const TIME = '\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}:\\d{2} [AP]M';

test('host> checkpoint / checkpoints / restore: a file comes back, a bugchecked target comes back bugchecked, a good checkpoint after a crash brings the prompt back', { timeout: 900_000 }, async () => {
  const r = await playWithCrashy('dl-play-checkpoints-', SCENARIO);
  const t = r.out;
  assert.equal(r.code, 0, t);
  // What a line printed (its nth occurrence), up to the next line typed at any prompt.
  const said = (line: string, nth = 1): string => {
    let i = -1;
    for (let k = 0; k < nth; k++) { i = t.indexOf(`${line}\n`, i + 1); assert.ok(i >= 0, `the transcript has "${line}" ${nth} times:\n${t}`); }
    const rest = t.slice(i + line.length + 1);
    const next = /^(?:host> |\d: kd> |[A-Z]:\\[^\n>]*>)/m.exec(rest);
    return next ? rest.slice(0, next.index) : rest;
  };

  assert.equal(said('host> checkpoint MyTestComputer Before change'), 'Creating checkpoint "Before change" of MyTestComputer...\nCheckpoint "Before change" created.\n');
  assert.match(said('host> checkpoints MyTestComputer'), new RegExp(`^VMName {9}Name {10}SnapshotType CreationTime {10}ParentSnapshotName\\n------ {9}---- {10}------------ ------------ {10}------------------\\nMyTestComputer Before change Standard {5}${TIME}\\n$`));
  assert.equal(said('C:\\Users\\User>type C:\\a.txt', 1), 'two\n');
  assert.equal(said('host> restore MyTestComputer "Before change"'), 'Applying checkpoint "Before change" to MyTestComputer...\nMyTestComputer is running.\n');
  assert.equal(said('C:\\Users\\User>type C:\\a.txt', 2), 'one\n', 'the file as it was at the checkpoint');

  // Wrong names are said; the lab goes on.
  assert.match(said('host> checkpoint MyTestComputer before CHANGE'), /^MyTestComputer already has a checkpoint named "before CHANGE"\./);
  assert.match(said('host> restore MyTestComputer Nope'), /^MyTestComputer has no checkpoint named "Nope"\. \(host> checkpoints MyTestComputer lists them\.\)\n$/);
  assert.match(said('host> checkpoints Nobody'), /^There is no target named Nobody\./);

  // A checkpoint of the bugchecked target; an earlier one brings the prompt back, this one the blue screen.
  assert.match(said('C:\\Users\\User>sc start Crashy'), /\[MyTestComputer is bugchecked: SYSTEM_THREAD_EXCEPTION_NOT_HANDLED \(0x0000007E\) in Crashy\.sys\]\n$/);
  assert.equal(said('host> checkpoint MyTestComputer Crashed'), 'Creating checkpoint "Crashed" of MyTestComputer...\nCheckpoint "Crashed" created.\n');
  assert.equal(said('host> apply-checkpoint MyTestComputer Before change'), 'Applying checkpoint "Before change" to MyTestComputer...\nMyTestComputer is running.\n');
  assert.equal(said('C:\\Users\\User>type C:\\a.txt', 3), 'one\n');
  assert.equal(said('host> restore MyTestComputer Crashed'), 'Applying checkpoint "Crashed" to MyTestComputer...\nMyTestComputer is bugchecked: SYSTEM_THREAD_EXCEPTION_NOT_HANDLED (0x0000007E) in Crashy.sys.\n');
  assert.match(said('host> checkpoints MyTestComputer', 2), new RegExp(`\\nMyTestComputer Before change Standard {5}${TIME}\\nMyTestComputer Crashed {7}Standard {5}${TIME} Before change\\n$`));
  assert.equal(said('host> restore MyTestComputer Before change'), 'Applying checkpoint "Before change" to MyTestComputer...\nMyTestComputer is running.\n');
  assert.equal(said('C:\\Users\\User>echo after the crash'), 'after the crash\n');

  // Taken while the debugger held the target: it cannot be replayed exactly, so its saved disk boots, as the restore says.
  assert.equal(said('host> restore MyTestComputer In the debugger'), 'Applying checkpoint "In the debugger" to MyTestComputer...\n'
    + 'The checkpoint could not be applied exactly (it was taken while the kernel debugger held the target); MyTestComputer was started from the checkpoint\'s saved disk instead.\nMyTestComputer is running.\n');
  assert.equal(said('C:\\Users\\User>type C:\\a.txt', 4), 'one\n', 'the saved disk has the file as it was then');
});
