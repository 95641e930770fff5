package io.driftwarden.collect;

/**
 * The digest of a regular file's content without comment and blank lines ({@code compare:
 * ignore-comments-and-blank-lines}); {@code status} is {@code ok}, or why there is none ({@code absent},
 * {@code not-file}, {@code permission-denied}, {@code too-large}, {@code io-error}).
 */
public record NormalizedFact(String path, String status, String sha256) {}
