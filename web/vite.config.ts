import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // Svelte component libraries are compiled into the server build. vite-plugin-svelte finds them in
  // web/package.json, which lists no dependencies (they live in the root package.json), so name them.
  ssr: { noExternal: ['layercake'] },
});
