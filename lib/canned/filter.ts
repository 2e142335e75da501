// The composer's `/` list (SPEC §9): canned replies whose name matches what follows the `/`.
// Pure and free of server code: it runs in the browser on every keystroke.

/** Lower case without accents: "Réponse" and "reponse" are the same to someone typing. */
export function foldForSearch(value: string): string {
  return value.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * The replies whose name holds the query (case- and accent-insensitive, surrounding spaces
 * ignored): names starting with it first, then names with a word starting with it, then the
 * rest; each group keeps the list's order. An empty query keeps the whole list.
 */
export function filterCannedReplies<T extends { name: string }>(list: readonly T[], query: string): T[] {
  const q = foldForSearch(query.trim());
  if (!q) return [...list];
  const ranked: Array<{ item: T; rank: number; index: number }> = [];
  list.forEach((item, index) => {
    const name = foldForSearch(item.name);
    const at = name.indexOf(q);
    if (at === -1) return;
    const wordStart = name.split(/[^\p{L}\p{N}]+/u).some((word) => word.startsWith(q));
    ranked.push({ item, index, rank: at === 0 ? 0 : wordStart ? 1 : 2 });
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map((r) => r.item);
}
