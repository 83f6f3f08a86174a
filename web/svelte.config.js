import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    // Built to web/build/handler.js and mounted by the API server at `/` (one process, one port).
    adapter: adapter({ out: 'build' }),
    // Cross-site form posts are refused in src/hooks.server.ts instead: behind the API server,
    // adapter-node cannot tell http from https, so SvelteKit's origin check would refuse every form.
    csrf: { trustedOrigins: ['*'] },
  },
};
