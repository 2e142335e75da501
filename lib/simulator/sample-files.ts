// The files a virtual phone can send (SPEC §11): small samples kept in lib/simulator/samples
// and served by the app's simulator (GET /api/simulator/media/<name>), so a media message
// travels the whole way — webhook, download job, storage, thread — without the internet.
// Client-safe: the Phone simulator lists them.

export const SAMPLE_FILES = {
  "photo.png": { label: "Photo (PNG)", messageType: "image", contentType: "image/png" },
  "leaflet.pdf": { label: "Leaflet (PDF)", messageType: "file", contentType: "application/pdf" },
} as const;

export type SampleFileName = keyof typeof SAMPLE_FILES;

export const SAMPLE_FILE_NAMES = Object.keys(SAMPLE_FILES) as SampleFileName[];

export function isSampleFileName(name: string): name is SampleFileName {
  return Object.hasOwn(SAMPLE_FILES, name);
}

/** The path the simulator serves a sample at (below the app's own address). */
export function samplePath(name: SampleFileName): string {
  return `/api/simulator/media/${name}`;
}
