/**
 * Merges two sample lists, each in file order and tagged with the block each item came from,
 * into the first `limit` items in file order. Blocks are whole runs of lines, so a block tag
 * orders items from different workers; within a block, one worker saw them in order (on equal
 * tags, `a`'s items come first).
 */
export function mergeSamples<T extends string | object>(
  a: readonly T[],
  aBlocks: readonly number[],
  b: readonly T[],
  bBlocks: readonly number[],
  limit: number,
): [T[], number[]] {
  const items: T[] = [];
  const blocks: number[] = [];
  let i = 0;
  let j = 0;
  while (items.length < limit) {
    const x = a[i];
    const xBlock = aBlocks[i];
    const y = b[j];
    const yBlock = bBlocks[j];
    if (x !== undefined && xBlock !== undefined && (yBlock === undefined || xBlock <= yBlock)) {
      items.push(x);
      blocks.push(xBlock);
      i++;
    } else if (y !== undefined && yBlock !== undefined) {
      items.push(y);
      blocks.push(yBlock);
      j++;
    } else {
      break;
    }
  }
  return [items, blocks];
}
