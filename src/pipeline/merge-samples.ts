/**
 * Merges two sample lists, each in file order and tagged with the block each item came from,
 * into the first `limit` items in file order. Blocks are whole runs of lines, so a block tag
 * orders items from different workers; within a block, one worker saw them in order.
 */
export function mergeSamples<T>(a: T[], aBlocks: number[], b: T[], bBlocks: number[], limit: number): [T[], number[]] {
  const items: T[] = [];
  const blocks: number[] = [];
  let i = 0,
    j = 0;
  while (items.length < limit && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && aBlocks[i] <= bBlocks[j])) {
      items.push(a[i]);
      blocks.push(aBlocks[i++]);
    } else {
      items.push(b[j]);
      blocks.push(bBlocks[j++]);
    }
  }
  return [items, blocks];
}
