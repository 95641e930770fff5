package io.driftwarden.yaml;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads YAML into {@link YNode}s, refusing what a reviewer could misread: tabs, anchors and aliases,
 * explicit tags, duplicate keys, non-scalar keys, several documents. SnakeYAML's node API is used
 * (not Jackson's) because the quote-it rules need each scalar's style and position.
 * <p>
 * Those refusals do not stop the reading: the tree is still built (a tab read as a space, a duplicate key's
 * first value kept) so that the caller reports the file's other problems in the same run. A caller uses the
 * tree only when no problem was added.
 */
public final class StrictYaml {
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final int MAX_DEPTH = 64;

    private StrictYaml() {}

    /** Parses one file; problems go to {@code problems}; empty only when no tree can be built (syntax, encoding). */
    public static Optional<YNode> parse(String file, byte[] bytes, Problems problems) {
        if (bytes.length > MAX_BYTES) {
            problems.add(file + ":1:1", "file is larger than " + MAX_BYTES + " bytes");
            return Optional.empty();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            problems.add(file + ":1:1", "not valid UTF-8");
            return Optional.empty();
        }
        reportTabs(file, text, problems);
        text = text.replace('\t', ' '); // reported above; one column for one, so every later position still holds
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(0);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(MAX_BYTES);
        options.setNestingDepthLimit(MAX_DEPTH);
        Node root;
        Set<Integer> tagged;
        try {
            tagged = reportTags(file, text, options, problems);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            var m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? file + ":1:1" : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (what != null && what.contains("alias")) {
                what = "anchors and aliases are not allowed";
            }
            problems.add(where, "YAML syntax: " + what);
            return Optional.empty();
        } catch (YAMLException e) {
            String what = String.valueOf(e.getMessage());
            problems.add(
                    file + ":1:1", what.contains("alias") ? "anchors and aliases are not allowed" : "YAML: " + what);
            return Optional.empty();
        }
        if (root == null) {
            problems.add(file + ":1:1", "empty document");
            return Optional.empty();
        }
        return Optional.of(convert(file, root, "", tagged, problems));
    }

    private static void reportTabs(String file, String text, Problems problems) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t') {
                problems.add(
                        file + ":" + line + ":" + col, "tab character (YAML indentation and values must use spaces)");
            }
            if (c == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
    }

    private static Mark mark(String file, Node node) {
        var m = node.getStartMark();
        return new Mark(file, m.getLine() + 1, m.getColumn() + 1);
    }

    private static YNode convert(String file, Node node, String path, Set<Integer> tagged, Problems problems) {
        Mark mark = mark(file, node);
        if (node.getAnchor() != null) {
            problems.add(mark, path, "anchors and aliases are not allowed (&" + node.getAnchor() + ")");
        }
        if (node instanceof ScalarNode s) {
            // a tagged scalar is already reported: reading it as the string it was meant to be adds no second error
            boolean plain = s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
                    && !tagged.contains(s.getStartMark().getIndex());
            return new YNode.Scalar(s.getValue(), plain, mark);
        }
        if (node instanceof SequenceNode seq) {
            List<YNode> items = new ArrayList<>();
            for (int i = 0; i < seq.getValue().size(); i++) {
                items.add(convert(file, seq.getValue().get(i), path + "[" + i + "]", tagged, problems));
            }
            return new YNode.Seq(items, mark);
        }
        MappingNode map = (MappingNode) node;
        List<YNode.Entry> entries = new ArrayList<>();
        HashMap<String, Mark> seen = new HashMap<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode ks)) {
                problems.add(mark(file, k), path, "mapping keys must be plain strings");
                continue;
            }
            String key = ks.getValue();
            String childPath = path.isEmpty() ? key : path + "." + key;
            if ("<<".equals(key)) {
                problems.add(mark(file, k), path, "merge keys (<<) are not allowed");
                continue;
            }
            Mark keyMark = mark(file, k);
            Mark first = seen.putIfAbsent(key, keyMark);
            YNode value = convert(file, t.getValueNode(), childPath, tagged, problems);
            if (first != null) {
                problems.add(keyMark, childPath, "duplicate key (first at " + first + ")");
                continue; // the first stays: the rest of the file is still read and checked
            }
            entries.add(new YNode.Entry(
                    new YNode.Scalar(key, ks.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN, keyMark), value));
        }
        return new YNode.Map(entries, mark);
    }

    /**
     * Explicit tags ({@code !!str 1}, {@code !foo}) only show in the event stream, so look there. Returns where the
     * tagged scalars start (character index).
     */
    private static Set<Integer> reportTags(String file, String text, LoaderOptions options, Problems problems) {
        Set<Integer> tagged = new HashSet<>();
        for (Event e : new Yaml(options).parse(new StringReader(text))) {
            String tag =
                    e instanceof ScalarEvent s ? s.getTag() : e instanceof CollectionStartEvent c ? c.getTag() : null;
            if (tag != null) {
                var m = e.getStartMark();
                problems.add(
                        file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1),
                        "explicit tags are not allowed (" + tag + "); quote the value instead");
                tagged.add(m.getIndex());
            }
        }
        return tagged;
    }
}
