#!/usr/bin/env node
// The installed `ingot` command: the compiled CLI (built by `npm run build`, run by npm's prepare step).
import '../dist/compiler/cli/main.js';
