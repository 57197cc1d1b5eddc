/** The tool version recorded in bundles and reports (kept equal to package.json's). */
export const TOOL_VERSION = '0.1.0';
