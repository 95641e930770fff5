package io.driftwarden.signoff;

/** The highest accepted revision: its serial and SIGNOFF digest. */
public record Accepted(long serial, String digest) {}
