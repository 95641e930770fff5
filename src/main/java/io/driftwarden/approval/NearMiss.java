package io.driftwarden.approval;

/** A record that speaks of the drifted property: its state, whether its value matches, whether it covers the host. */
public record NearMiss(String id, String state, String verdict, boolean inScope) {}
