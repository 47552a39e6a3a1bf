// Icons for the lab windows, drawn here as SVG (computers, the switch, Device Manager's device classes).
import type { PowerState } from '../../../main/api/contract.ts';

const SCREEN: Record<PowerState, string> = { off: '#333', booting: '#1f6fb2', running: '#3a96dd', halted: '#555', bugchecked: '#0a5ad1', 'broken-in': '#c27c0e' };

export const ComputerIcon = ({ state }: { state: PowerState }) => (
  <svg width="20" height="18" viewBox="0 0 20 18" aria-hidden><rect x="1" y="1" width="18" height="12" rx="1" fill="#c8c8c8" /><rect x="2.5" y="2.5" width="15" height="9" fill={SCREEN[state]} />
    <rect x="7" y="13" width="6" height="2" fill="#a0a0a0" /><rect x="4" y="15" width="12" height="2" fill="#c8c8c8" /></svg>);
export const SwitchIcon = () => (
  <svg width="22" height="14" viewBox="0 0 22 14" aria-hidden><rect x="1" y="2" width="20" height="10" rx="2" fill="#5a7d9a" />
    {[4, 8, 12, 16].map((x) => <rect key={x} x={x} y="6" width="2.5" height="3" fill="#9fe870" />)}</svg>);
