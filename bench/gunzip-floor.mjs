// The floor for .gz input in Node: gunzip every file given, one after the other, with Node's zlib
// (1 MiB reads and output chunks, as peerscope's scanner uses) and do nothing with the bytes.
//   node bench/gunzip-floor.mjs FILE.gz...
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

let bytes = 0;
for (const path of process.argv.slice(2)) {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(createGunzip({ chunkSize: 1 << 20 }));
  for await (const chunk of stream) bytes += chunk.length;
}
process.stdout.write(`${bytes}\n`);
