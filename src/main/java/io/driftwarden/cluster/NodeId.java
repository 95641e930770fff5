package io.driftwarden.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * A node's name in the cluster's rows and in Quartz's: host, process and a random tail, unique even for two nodes of
 * one machine (Quartz's own AUTO is host name and start millisecond, which two nodes can share).
 */
public final class NodeId {
    private NodeId() {}

    public static String generate() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        String id = host + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        return id.length() > 95 ? id.substring(id.length() - 95) : id; // Quartz's INSTANCE_NAME, and our owner columns
    }
}
