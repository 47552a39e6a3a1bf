// Figures every bench module records; `npm run bench` writes them to bench/results.json for comparison between commits.
export interface Figure { value: number; unit: string; note?: string }
export const figures: Record<string, Figure> = {};
export function record(name: string, value: number, unit: string, note?: string): void {
  figures[name] = { value: Number(value.toFixed(3)), unit, ...(note ? { note } : {}) };
}
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
