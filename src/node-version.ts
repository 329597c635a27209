// The oldest Node.js gpclaims runs on, checked before anything else loads (the bin and src/index.ts import this first).

/** package.json's engines.node without the ">=" (a test keeps the two equal). */
export const MIN_NODE = '22.12';

/** Major, minor and patch of a version such as "22.12.0" or "v20.20.2" (a missing part counts as 0). */
function parts(version: string): number[] {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version);
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : [0, 0, 0];
}

/** Whether gpclaims runs on Node.js `version` (as in process.versions.node). */
export function supportsNode(version: string): boolean {
  const have = parts(version);
  const need = parts(MIN_NODE);
  for (let k = 0; k < need.length; k++) {
    if (have[k]! !== need[k]!) return have[k]! > need[k]!;
  }
  return true;
}

/** The one-line message for an unsupported Node.js `version`, or undefined when it is supported. */
export function nodeVersionProblem(version: string): string | undefined {
  return supportsNode(version) ? undefined : `gpclaims needs Node.js ${MIN_NODE} or later; this is ${version}`;
}

// Importing this module on an older Node throws, so the library fails here with the reason rather
// than later inside with an obscure error (such as a missing ArrayBuffer.prototype.transfer).
const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) throw new Error(problem);
