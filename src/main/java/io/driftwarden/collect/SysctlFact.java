package io.driftwarden.collect;

/** A runtime sysctl: status {@code ok} (with value), {@code missing}, {@code permission-denied}, {@code io-error}, or {@code no-runtime-state}. */
public record SysctlFact(String key, String status, String value) {}
