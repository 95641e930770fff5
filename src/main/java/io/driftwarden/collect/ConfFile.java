package io.driftwarden.collect;

/** A sysctl configuration file (sysctl.d or /etc/sysctl.conf) as found on the host; content null when unreadable. */
public record ConfFile(String path, String status, Blob content) {}
