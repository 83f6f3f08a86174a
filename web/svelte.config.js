import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    // Built to web/build/handler.js and mounted by the API server at `/` (one process, one port).
    adapter: adapter({ out: 'build' }),
    // Only the portal's own scripts run: SvelteKit adds a nonce (or hash) for each inline script it
    // writes. Inline style *attributes* stay allowed, because the server-drawn charts (Layer Cake)
    // position with them; <style> elements and stylesheets from elsewhere do not.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self'],
        'style-src-attr': ['unsafe-inline'],
        'img-src': ['self', 'data:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
        'base-uri': ['self'],
        'object-src': ['none'],
      },
    },
  },
};
