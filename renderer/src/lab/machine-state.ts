// How the lab names a target's power state (its box's badge, the Checkpoints pane's state column).
import type { MachineInfo } from '../../../main/api/contract.ts';

export const STATE_TEXT: Record<MachineInfo['status']['state'], string> = {
  off: 'Off', booting: 'Starting', running: 'Running', halted: 'Halted', bugchecked: 'Stopped (bugcheck)', 'broken-in': 'Broken into (kd)',
};
