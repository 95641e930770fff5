package io.driftwarden.signoff;

import io.driftwarden.bundle.Bundle;
import io.driftwarden.bundle.BundleFiles;
import io.driftwarden.standard.Declared;
import io.driftwarden.standard.Resource;
import io.driftwarden.standard.ResourceId;
import io.driftwarden.standard.ResourceParser;
import io.driftwarden.standard.Standard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Pure: what a reviewer is asked to sign, relative to the accepted revision: files, then resources and properties. */
public final class BundleDiff {
    private BundleDiff() {}

    public static List<String> files(BundleFiles before, BundleFiles after) {
        List<String> out = new ArrayList<>();
        TreeSet<String> all = new TreeSet<>(ResourceId.Utf8Order::compare);
        all.addAll(before.paths());
        all.addAll(after.paths());
        for (String rel : all) {
            if (!Manifest.covers(rel)) {
                continue;
            }
            var a = before.get(rel);
            var b = after.get(rel);
            if (a.isEmpty()) {
                out.add("+ " + rel);
            } else if (b.isEmpty()) {
                out.add("- " + rel);
            } else if (!ResourceParser.sha256(a.get()).equals(ResourceParser.sha256(b.get()))) {
                out.add("~ " + rel);
            }
        }
        return out;
    }

    public static List<String> resources(Bundle before, Bundle after) {
        Map<String, Resource> a = index(before);
        Map<String, Resource> b = index(after);
        TreeSet<String> keys = new TreeSet<>(ResourceId.Utf8Order::compare);
        keys.addAll(a.keySet());
        keys.addAll(b.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            Resource x = a.get(k);
            Resource y = b.get(k);
            if (x == null) {
                out.add("+ " + k + " " + describe(y));
            } else if (y == null) {
                out.add("- " + k);
            } else {
                TreeSet<String> props = new TreeSet<>(x.properties().keySet());
                props.addAll(y.properties().keySet());
                for (String p : props) {
                    Declared dx = x.properties().get(p);
                    Declared dy = y.properties().get(p);
                    String vx = dx == null ? "(not declared)" : dx.expected().toString();
                    String vy = dy == null ? "(not declared)" : dy.expected().toString();
                    if (!vx.equals(vy)) {
                        out.add("~ " + k + " " + p + ": " + vx + " -> " + vy);
                    }
                }
            }
        }
        return out;
    }

    /** Resources keyed by standard and identity, so that moving a resource between standards shows. */
    private static Map<String, Resource> index(Bundle b) {
        Map<String, Resource> out = new TreeMap<>();
        for (Standard s : b.standards()) {
            for (Resource r : s.resources()) {
                out.put(s.name() + ": " + r.id(), r);
            }
        }
        return out;
    }

    private static String describe(Resource r) {
        List<String> parts = new ArrayList<>();
        r.properties().values().forEach(d -> parts.add(d.property() + "=" + d.expected()));
        return String.join(" ", parts);
    }
}
