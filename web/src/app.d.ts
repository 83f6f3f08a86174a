import type { MemberConsortium } from '$lib/consortia';
import type { Viewer } from '$lib/graphql/session';
import type { Locale } from '$lib/i18n/translate';

declare global {
  namespace App {
    interface Locals {
      locale: Locale;
      /** The signed-in user, loaded with `me` in hooks.server.ts; null on public pages when signed out. */
      viewer: Viewer | null;
    }
    interface PageData {
      locale: Locale;
      viewer: Viewer | null;
      /** The consortia the viewer's provider is a lead or partner of today (root layout). */
      consortia: MemberConsortium[];
    }
  }
}

export {};
