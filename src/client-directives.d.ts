// The site's own `client:` directive (astro.config.mjs): `client:bridge`, see src/widgets/real/directive.ts.
declare module 'astro' {
  interface AstroClientDirectives {
    'client:bridge'?: boolean;
  }
}
export {};
