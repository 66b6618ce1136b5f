/** The value of `key` in `map`, first setting it to `init()` when absent (the group-by step of a Map). */
export function getOrInit<K, V>(map: Map<K, V>, key: K, init: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = init();
    map.set(key, value);
  }
  return value;
}
