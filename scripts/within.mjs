// A time limit for the benchmarks' waits: a run that fails shows no figures, and the script would
// otherwise wait for them forever.

/** `promise`, or an error saying `what` when it takes longer than `ms`. */
export async function within(promise, ms, what) {
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(what)), ms); });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
