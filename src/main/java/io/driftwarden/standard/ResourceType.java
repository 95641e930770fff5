package io.driftwarden.standard;

import java.util.List;
import java.util.Optional;

/** The resource types of a standard, each with its auditable properties in report order. */
public enum ResourceType {
    FILE("file", "file", List.of("ensure", "owner", "group", "mode", "content", "target")),
    PACKAGE("package", "installed", List.of("ensure", "version")),
    SERVICE("service", null, List.of("running", "enabled")),
    SYSCTL("sysctl", null, List.of("value", "persisted")),
    USER("user", "present", List.of("ensure", "uid", "gid", "home", "shell", "groups")),
    GROUP("group", "present", List.of("ensure", "gid"));

    private final String key;
    private final String defaultEnsure;
    private final List<String> properties;

    ResourceType(String key, String defaultEnsure, List<String> properties) {
        this.key = key;
        this.defaultEnsure = defaultEnsure;
        this.properties = properties;
    }

    /** The YAML key that holds the resource name, and the identity prefix. */
    public String key() {
        return key;
    }

    /** The effective ensure when none is declared; empty for types without ensure. */
    public Optional<String> defaultEnsure() {
        return Optional.ofNullable(defaultEnsure);
    }

    public List<String> properties() {
        return properties;
    }

    public boolean hasProperty(String property) {
        return properties.contains(property);
    }

    public static Optional<ResourceType> byKey(String key) {
        for (ResourceType t : values()) {
            if (t.key.equals(key)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
