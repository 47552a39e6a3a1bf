// The network as main reports it (machine.list, then every machine.state event), for every lab window.
import { useCallback, useEffect, useState } from 'react';
import type { Api, Network } from '../../../main/api/contract.ts';

export function useNetwork(api: Api, enabled: boolean): { net: Network | null; refresh(): Promise<void>; error: string } {
  const [net, setNet] = useState<Network | null>(null);
  const [error, setError] = useState('');
  const refresh = useCallback(async () => {
    try { setNet(await api.call('machine.list', {})); setError(''); } catch (e) { setError((e as Error).message); }
  }, [api]);
  useEffect(() => { if (enabled) void refresh(); }, [enabled, refresh]);
  useEffect(() => api.on('machine.state', (n) => setNet(n)), [api]);
  return { net, refresh, error };
}
