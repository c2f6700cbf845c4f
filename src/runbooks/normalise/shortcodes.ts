/**
 * Hugo sites (the prometheus-operator runbooks among them) link pages with
 * `[text]({{< ref "./Other.md" >}})`, which Markdown cannot read as a link. The `ref` and
 * `relref` shortcodes become the path they name; other shortcodes are left alone.
 */
export function resolveHugoRefs(markdown: string): string {
  return markdown.replace(/\{\{[<%]\s*(?:rel)?ref\s+"([^"]+)"\s*[>%]\}\}/g, (_m, path: string) => path);
}
