import { useEffect, useState } from 'react';

/** An open menu's state (where, and which), closed by the next mouse press anywhere (the menu's own items act on
 *  click, after it): Windows' context and menu-bar menus behave so. */
export function useContextMenu<T>(): [T | null, (m: T | null) => void] {
  const [menu, setMenu] = useState<T | null>(null);
  useEffect(() => {
    if (!menu) return;
    const close = () => setMenu(null);
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [menu]);
  return [menu, setMenu];
}
