// Vite builds the renderer (React + Monaco with its worker) into out/renderer, fully offline, relative URLs so
// the same files serve over http://127.0.0.1 (npm run web) and Electron's app:// protocol.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  publicDir: path.join(here, '..', 'assets', 'icons'),
  plugins: [react()],
  build: {
    outDir: path.join(here, '..', 'out', 'renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
  },
  worker: { format: 'es' },
});
