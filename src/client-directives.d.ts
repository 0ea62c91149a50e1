// The site's own `client:` directives (astro.config.mjs): `client:bridge`, see src/widgets/real/directive.ts;
// `client:slide`, see src/widgets/deck/directive.ts.
declare module 'astro' {
  interface AstroClientDirectives {
    'client:bridge'?: boolean;
    'client:slide'?: boolean;
  }
}
export {};
