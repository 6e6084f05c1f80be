/** HTML text escaping (what Eta's `<%= %>` does), for the few places that build HTML themselves. */
const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML[c] ?? c);
}
