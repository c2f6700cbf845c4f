// Types for slack-date.js so the Node tests can import the page's date formatter.
export function formatSlackDate(unixSeconds: string | number, format: string, now?: Date): string | null;
