package io.driftwarden.collect;

/** One installed-or-known instance of a package, as dpkg records it ({@code status} like {@code ii}). */
public record PackageInstance(String name, String status, String version, String arch) {}
