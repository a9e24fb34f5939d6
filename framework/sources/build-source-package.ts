/**
 * Spec 6.10: a package of sources for loadActorSource (zip + manifest; keys are paths inside the
 * package). The zip code loads at the first call: every actor process loads the public entry.
 */
export async function buildSourcePackage(files: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const { buildSourcePackage: build } = await import('./package-format.js');
  return build(files);
}
