package io.driftwarden.collect;

/** What a host says it is. */
public record HostIdentity(String hostname, String machineId, String osRelease, String hostKeySha256) {
    public static HostIdentity of(String hostname, String machineId, String osId, String osVersion) {
        String os = osId == null || osId.isEmpty()
                ? null
                : (osVersion == null || osVersion.isEmpty() ? osId : osId + " " + osVersion);
        return new HostIdentity(emptyToNull(hostname), emptyToNull(machineId), os, null);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
