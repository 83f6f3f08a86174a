import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    // Built to web/build/handler.js and mounted by the API server at `/` (one process, one port).
    adapter: adapter({ out: 'build' }),
  },
};
