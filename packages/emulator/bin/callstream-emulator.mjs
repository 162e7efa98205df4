#!/usr/bin/env node
// Committed launcher: package managers link `bin` at install time, before `dist/` is built.
import '../dist/cli.js';
