// Small toolbar icons drawn here (no icon font or emoji needed), in Visual Studio's colours.
export const NewProjectIcon = () => (
  <svg width="16" height="16" viewBox="0 0 16 16"><path d="M3 1h7l3 3v11H3z" fill="none" stroke="#c5c5c5" /><path d="M11 9v6M8 12h6" stroke="#89d185" strokeWidth="2" /></svg>);
export const OpenIcon = () => (
  <svg width="16" height="16" viewBox="0 0 16 16"><path d="M1 3h5l1 1h7v2H4L1 13z" fill="#dcb67a" /><path d="M4 7h11l-3 7H1z" fill="#e8c684" /></svg>);
export const SaveAllIcon = () => (
  <svg width="16" height="16" viewBox="0 0 16 16"><rect x="4" y="1" width="11" height="11" fill="#75beff" /><rect x="1" y="4" width="11" height="11" fill="#3794ff" stroke="#252526" /><rect x="3.5" y="4.5" width="6" height="3" fill="#252526" /></svg>);
export const BuildIcon = () => (
  <svg width="16" height="16" viewBox="0 0 16 16"><rect x="1" y="9" width="6" height="6" fill="#c5c5c5" /><rect x="9" y="9" width="6" height="6" fill="#c5c5c5" /><rect x="5" y="2" width="6" height="6" fill="#d7ba7d" /></svg>);
export const PlayIcon = () => (
  <svg width="14" height="14" viewBox="0 0 16 16"><path d="M4 2l10 6-10 6z" fill="currentColor" /></svg>);
