// Keyboard shortcuts as Visual Studio has them, caught before Monaco or the browser act on them.
import { useEffect, useRef } from 'react';

export function keyName(e: KeyboardEvent): string {
  const parts = [];
  if (e.ctrlKey || e.metaKey) parts.push('Ctrl');
  if (e.altKey) parts.push('Alt');
  if (e.shiftKey) parts.push('Shift');
  let k = e.key === 'Cancel' || e.key === 'Pause' ? 'Pause' : e.key.length === 1 ? e.key.toUpperCase() : e.key;
  if (k === 'Control' || k === 'Shift' || k === 'Alt' || k === 'Meta') return '';
  parts.push(k);
  return parts.join('+');
}

export function useShortcuts(map: Record<string, () => void>): void {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = ref.current[keyName(e)];
      if (!action) return;
      e.preventDefault();
      e.stopPropagation();
      action();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
