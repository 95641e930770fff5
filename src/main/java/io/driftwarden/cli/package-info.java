/**
 * The picocli commands, and only them: each parses its options, calls one use case (run, daemon, remedy, admission)
 * and prints. Nothing depends on this package.
 */
package io.driftwarden.cli;
