import type { AdminPrincipal } from '../auth/admin-principal';

export interface NavItem {
  href: string;
  text: string;
  current: boolean;
}

/** The pages a principal reaches, in the order of the menu. */
export function navigationFor(principal: AdminPrincipal | null, currentPath: string): NavItem[] {
  if (!principal) return [];
  const items: Array<[string, string]> = [['/', 'Forside']];
  if (principal.role === 'MUNICIPAL_ADMIN' && principal.cvr) {
    const base = `/kommuner/${principal.cvr}`;
    items.push([`${base}/tilbageholdt`, 'Tilbageholdte'], [`${base}/ordliste`, 'Ordliste']);
    items.push([`${base}/kle`, 'KLE-emner'], [`${base}/kle-kladde`, 'Kladde'], [`${base}/kle-versioner`, 'Versioner']);
  }
  items.push(['/revisionsspor', 'Revisionsspor']);
  return items.map(([href, text]) => ({
    href,
    text,
    current: href === '/' ? currentPath === '/' : currentPath.startsWith(href),
  }));
}
